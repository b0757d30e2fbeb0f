namespace Sockt.Testing;

/// <summary>
/// Waits for a condition by polling it until a deadline (never a fixed sleep standing in for a wait). Shared by the
/// test projects as a linked file (tests/Shared), so that there is one copy.
/// </summary>
internal static class Poll
{
    // Paces the probe; the deadline, not this pause, bounds the wait.
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>The default bound of a wait (<see cref="Deadline.Default"/>).</summary>
    internal static TimeSpan DefaultTimeout => Deadline.Default;

    /// <summary>Reads a value until <paramref name="done"/> accepts it and returns it; fails the test at the deadline.</summary>
    /// <param name="probe">Reads the value.</param>
    /// <param name="done">Whether the value is the awaited one.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="timeout">The deadline; <see cref="Deadline.Default"/> when null.</param>
    internal static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = DateTime.UtcNow + (timeout ?? Deadline.Default);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > limit)
            {
                Assert.Fail($"Timed out waiting for {what}; last value: {value}");
            }

            await Task.Delay(Interval);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test at the deadline.</summary>
    internal static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(condition, ok => ok, what, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test at the deadline.</summary>
    internal static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, what, timeout);
}
