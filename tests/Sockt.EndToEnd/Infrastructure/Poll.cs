namespace Sockt.EndToEnd.Infrastructure;

/// <summary>Waits for a condition by polling it until a deadline (never a fixed sleep).</summary>
public static class Poll
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow - started > Deadline)
            {
                Assert.Fail($"Gave up waiting for {what} after {Deadline.TotalSeconds} s; last value: {value}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }
}
