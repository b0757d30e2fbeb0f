using System.Diagnostics;
using Sockt.Benchmarks.Hosting;
using Sockt.Benchmarks.Raw;
using Sockt.Benchmarks.Reporting;

namespace Sockt.Benchmarks.Cases;

/// <summary>
/// Case 4: the shell. Latency of a one-line echo round trip and throughput of 50 MiB of output, SDK ShellSession
/// against a bare ClientWebSocket, both connected to the same sandbox at once and measured in alternating blocks.
/// </summary>
internal static class ShellCase
{
    private const int OutputBytes = 50 * 1024 * 1024;
    private const double MiB = 1024 * 1024;
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchTarget target, BenchReport report, bool quick, CancellationToken cancellationToken)
    {
        using var client = target.CreateSdkClient();
        using var raw = new RawSocktClient(target.BaseUrl, target.ApiKey);
        var sandbox = await client.GetSandboxAsync(target.SandboxId, cancellationToken);
        await using var session = sandbox.Shell();
        await session.ConnectAsync(cancellationToken);
        await using var socket = await RawShellClient.ConnectAsync(await raw.GetShellUrlAsync(target.SandboxId, cancellationToken), target.ApiKey, cancellationToken);

        var sdkShell = new Shell(
            text => session.SendAsync(text, cancellationToken),
            async () => (await session.RecvAsync(FrameTimeout, cancellationToken)).Data);
        var rawShell = new Shell(
            text => socket.SendInputAsync(text, cancellationToken),
            async () => await socket.ReceiveDataAsync(cancellationToken) ?? throw new InvalidOperationException("The raw shell socket closed."));

        // Settle both shells (login profile, first prompt) before measuring anything.
        await sdkShell.RunAsync("ready", cancellationToken);
        await rawShell.RunAsync("ready", cancellationToken);

        var blocks = quick ? 2 : 10;
        const int perBlock = 10;
        var sdkLatency = new List<double>();
        var rawLatency = new List<double>();
        for (var block = 0; block < blocks; block++)
        {
            for (var i = 0; i < perBlock; i++)
            {
                rawLatency.Add((await rawShell.RunAsync($"r{block}x{i}", cancellationToken)).Elapsed.TotalMilliseconds);
            }

            for (var i = 0; i < perBlock; i++)
            {
                sdkLatency.Add((await sdkShell.RunAsync($"s{block}x{i}", cancellationToken)).Elapsed.TotalMilliseconds);
            }
        }

        report.Add(new ResultRow("4 shell echo round trip", "latency", Stats.Median(sdkLatency), Stats.Median(rawLatency), "raw ClientWebSocket", "ms", Target.RatioAtMost(1.2)));

        var runs = quick ? 1 : 3;
        var sdkRates = new List<double>();
        var rawRates = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            rawRates.Add(await MeasureOutputAsync(rawShell, "r" + run, cancellationToken));
            sdkRates.Add(await MeasureOutputAsync(sdkShell, "s" + run, cancellationToken));
        }

        report.Add(new ResultRow("4 shell 50 MiB output", "throughput", Stats.Median(sdkRates), Stats.Median(rawRates), "raw ClientWebSocket", "MiB/s", Target.RatioAtLeast(0.8)));
        report.Method(
            $"**4 shell**: one SDK ShellSession and one bare ClientWebSocket (Bearer header, frames parsed with Utf8JsonReader on the " +
            $"caller's await, no queue) on the same sandbox. Round trip = send `echo <marker>\"\"z` + newline, wait for the output " +
            $"`<marker>z` (the quotes keep the PTY's echo of the typed line from matching); {blocks} alternating blocks of {perBlock}, median. " +
            $"Throughput = characters received ÷ time from sending `yes <50 chars> | head -c {OutputBytes}; echo D\"\"ONE` to seeing `DONE` " +
            $"(the PTY turns each \\n into \\r\\n, so ~51 MiB arrive), {runs} alternating runs each, median. SDK side: RecvAsync per frame.");
    }

    private static async Task<double> MeasureOutputAsync(Shell shell, string tag, CancellationToken cancellationToken)
    {
        var line = $"yes 0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM | head -c {OutputBytes}; echo; echo D\"\"ONE{tag}";
        var (elapsed, characters) = await shell.RunAsync(line, "DONE" + tag, cancellationToken);
        if (characters < OutputBytes)
        {
            throw new InvalidOperationException($"Only {characters} characters arrived for {OutputBytes} bytes of output.");
        }

        return characters / MiB / elapsed.TotalSeconds;
    }

    /// <summary>A shell seen as "send text" and "next frame's data".</summary>
    private sealed class Shell(Func<string, Task> send, Func<Task<string>> receive)
    {
        /// <summary>Echoes a marker and waits for it: the round trip of one command line.</summary>
        public async Task<(TimeSpan Elapsed, long Characters)> RunAsync(string marker, CancellationToken cancellationToken) =>
            await RunAsync($"echo {marker}\"\"z", marker + "z", cancellationToken);

        public async Task<(TimeSpan Elapsed, long Characters)> RunAsync(string line, string expected, CancellationToken cancellationToken)
        {
            var scanner = new MarkerScanner(expected);
            var watch = Stopwatch.StartNew();
            await send(line + "\n");
            while (!scanner.Feed(await receive()))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            return (watch.Elapsed, scanner.Characters);
        }
    }
}
