using System.Diagnostics;

namespace Sockt.Benchmarks.Cases;

/// <summary>
/// Runs every compared path for a while before BenchmarkDotNet measures any of them. In-process, the benchmarks share
/// the HTTP stack: without this the first benchmark class method runs on tier-0 code that the ones after it find
/// already tier-1 (tiering needs ~30 calls and a background delay), which made whichever ran first look slower.
/// </summary>
internal static class TieredWarmUp
{
    public static async Task RunAsync(TimeSpan duration, params Func<Task>[] paths)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < duration)
        {
            foreach (var path in paths)
            {
                await path();
            }
        }
    }
}
