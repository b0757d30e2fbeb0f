using System.Text.Json;
using Sockt.Benchmarks.Cases;
using Sockt.Emulator;

namespace Sockt.Benchmarks.Hosting;

/// <summary>
/// The `--serve` mode: embeds the emulator (SocktEmulator.StartAsync) in a process of its own, prints its address and
/// runs until its standard input closes. A separate process keeps the server's allocations and memory out of the
/// client-side numbers (BenchmarkDotNet's allocation counter and the peak working set are per process).
/// </summary>
internal static class EmulatorServer
{
    public const string KeysVariable = "SOCKT_BENCH_KEYS";

    /// <summary>The emulator's requests per minute per credential (0, off, when unset).</summary>
    public const string RateLimitVariable = "SOCKT_BENCH_RATE_LIMIT";
    public const string ReadyPrefix = "SOCKT_BENCH_LISTENING ";
    public const string CollectCommand = "gc";
    public const string CollectedLine = "SOCKT_BENCH_COLLECTED";
    public const string StatsCommand = "stats";
    public const string StatsPrefix = "SOCKT_BENCH_STATS ";
    public const string ResetPeakCommand = "reset-peak";
    public const string PeakResetLine = "SOCKT_BENCH_PEAK_RESET";

    public static async Task<int> RunAsync()
    {
        var keys = (Environment.GetEnvironmentVariable(KeysVariable) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = new SocktEmulatorOptions
        {
            BootDelay = TimeSpan.Zero,
            // Benchmarks send thousands of requests per minute per key: no rate limit, except in the emulator the
            // budget row starts with the service's real 300 a minute.
            RateLimitPerMinute = int.TryParse(Environment.GetEnvironmentVariable(RateLimitVariable), out var limit) ? limit : 0,
            // A 200 MiB file is a ~267 MiB base64 JSON body, and its read answers all of it; the defaults are 64 MiB.
            MaxRequestBodyBytes = 512L * 1024 * 1024,
            MaxFileReadBytes = 256L * 1024 * 1024,
        };
        foreach (var key in keys)
        {
            options.ApiKeys.Add(key);
        }

        await using var emulator = await SocktEmulator.StartAsync(options);
        Console.Out.WriteLine(ReadyPrefix + emulator.BaseUrl + " " + emulator.Isolation);
        await Console.Out.FlushAsync();
        // Commands on standard input, one per line, until it closes: "gc" runs a full compacting collection (the file
        // case asks for one before each client, so neither inherits the server heap the other left behind); "stats"
        // prints the allocation counter and resident memory; "reset-peak" resets the peak resident memory.
        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == CollectCommand)
            {
                System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                GC.WaitForPendingFinalizers();
                Console.Out.WriteLine(CollectedLine);
                await Console.Out.FlushAsync();
            }
            else if (command == StatsCommand)
            {
                // The server's own counters, read by the file case (they stay out of the emulator's API).
                Console.Out.WriteLine(StatsPrefix + JsonSerializer.Serialize(new EmulatorStats(GC.GetTotalAllocatedBytes(precise: true), ProcessMemory.Resident(), ProcessMemory.PeakResident())));
                await Console.Out.FlushAsync();
            }
            else if (command == ResetPeakCommand)
            {
                Console.Out.WriteLine(ProcessMemory.TryResetPeak() ? PeakResetLine : PeakResetLine + " unavailable");
                await Console.Out.FlushAsync();
            }
        }

        return 0;
    }
}
