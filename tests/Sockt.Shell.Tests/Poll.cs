namespace Sockt.Shell.Tests;

/// <summary>Waits for a condition by polling with a deadline (never a fixed sleep).</summary>
internal static class Poll
{
    internal static Task UntilAsync(Func<bool> condition, TimeSpan? deadline = null) =>
        UntilAsync(() => Task.FromResult(condition()), deadline);

    internal static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? deadline = null)
    {
        var limit = DateTime.UtcNow + (deadline ?? Deadline.Default);
        while (!await condition())
        {
            if (DateTime.UtcNow > limit)
            {
                throw new TimeoutException("The condition did not become true before the deadline.");
            }

            await Task.Delay(10);
        }
    }
}
