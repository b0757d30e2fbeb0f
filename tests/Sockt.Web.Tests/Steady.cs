namespace Sockt.Web.Tests;

/// <summary>
/// Waits for something to stop changing: samples a value every few milliseconds until the last
/// <paramref name="samples"/> values are all equal (and acceptable), or fails at a deadline. A flow that is merely slow
/// keeps changing; a flow that is held up reads the same every time.
/// </summary>
internal static class Steady
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    /// <summary>The number of equal samples in a row that count as "stopped" (about a second of samples).</summary>
    public const int Samples = 50;

    /// <summary>Returns the value once it has read the same <paramref name="samples"/> times in a row and <paramref name="accept"/> holds.</summary>
    /// <param name="probe">Reads the value; it may also assert an invariant that must hold at every sample.</param>
    /// <param name="accept">Whether the steady value is the awaited one.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="samples">How many equal samples in a row count as steady.</param>
    public static async Task<T> UntilAsync<T>(Func<T> probe, Func<T, bool> accept, string what, int samples = Samples)
        where T : IEquatable<T>
    {
        var limit = DateTime.UtcNow + Deadline.Default;
        var last = probe();
        var equal = 1;
        while (true)
        {
            if (equal >= samples && accept(last))
            {
                return last;
            }

            if (DateTime.UtcNow > limit)
            {
                Assert.Fail($"Timed out waiting for {what}; last value: {last} ({equal} equal samples in a row)");
            }

            await Task.Delay(Interval);
            var next = probe();
            equal = next.Equals(last) ? equal + 1 : 1;
            last = next;
        }
    }
}
