namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>Polls a condition until it holds or a deadline passes (never a fixed sleep standing in for a wait).</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var last = default(T);
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            // Pace the probe; the deadline, not this pause, bounds the wait.
            await Task.Delay(20);
        }

        throw new AssertionException($"Timed out waiting for {what}; last value: {last}");
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}
