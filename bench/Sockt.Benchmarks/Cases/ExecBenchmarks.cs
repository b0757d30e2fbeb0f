using System.Text;
using BenchmarkDotNet.Attributes;
using Sockt.Benchmarks.Raw;

namespace Sockt.Benchmarks.Cases;

/// <summary>
/// Case 2: execute-and-wait of <c>echo hi</c> and of commands that take 200 ms and 2 s: the SDK's ExecAsync, a raw
/// client that polls again as soon as a poll answers or 1 ms after it (the floors), and the reference SDK's documented
/// loop (sleep the 0.5 s poll interval, then poll).
/// </summary>
[MemoryDiagnoser]
public class ExecBenchmarks
{
    public const string EchoHi = "echo hi";
    public const string Takes200Ms = "sleep 0.2; echo hi";
    public const string Takes2S = "sleep 2; echo hi";
    private const string Expected = "hi\n";
    private static readonly TimeSpan ReferencePollInterval = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan PacedPollInterval = TimeSpan.FromMilliseconds(1);

    private SandboxClients clients = null!;

    /// <summary>The command each operation runs (all print <c>hi</c>).</summary>
    [Params(EchoHi, Takes200Ms, Takes2S)]
    public string Command { get; set; } = EchoHi;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        clients = await SandboxClients.CreateAsync();
        // Warmed up on `echo hi` whatever the command: the code paths are the same, only the waits differ.
        var command = Command;
        Command = EchoHi;
        await TieredWarmUp.RunAsync(TimeSpan.FromSeconds(1.5), RawOptimal, RawPaced, Sdk);
        Command = command;
    }

    [Benchmark(Baseline = true)]
    public Task<string> RawOptimal() => RawLoopAsync(TimeSpan.Zero, pauseBeforeFirstPoll: false);

    /// <summary>The same raw client with a 1 ms pause between polls: on 2 cores, back-to-back polls take CPU from the command.</summary>
    [Benchmark]
    public Task<string> RawPaced() => RawLoopAsync(PacedPollInterval, pauseBeforeFirstPoll: false);

    [Benchmark]
    public async Task<string> Sdk()
    {
        var result = await clients.Sandbox.ExecAsync(Command);
        return Check(result.Stdout, result.Status?.ToString());
    }

    /// <summary>The SDK with its longest pause capped at 2 ms: shows how much of its time is the poll schedule.</summary>
    [Benchmark]
    public async Task<string> SdkPollEvery2Ms()
    {
        var result = await clients.Sandbox.ExecAsync(Command, new ExecOptions { PollInterval = TimeSpan.FromMilliseconds(2) });
        return Check(result.Stdout, result.Status?.ToString());
    }

    /// <summary>The reference SDK's documented exec_sync: sleep the poll interval, then poll.</summary>
    [Benchmark]
    public Task<string> ReferenceLoop() => RawLoopAsync(ReferencePollInterval, pauseBeforeFirstPoll: true);

    [GlobalCleanup]
    public void Cleanup() => clients.Dispose();

    /// <summary>A raw exec POST, then polls with <paramref name="pause"/> between them until the execution ends.</summary>
    private async Task<string> RawLoopAsync(TimeSpan pause, bool pauseBeforeFirstPoll)
    {
        var executionId = await clients.Raw.StartExecutionAsync(clients.SandboxId, Command);
        var output = new StringBuilder();
        if (pauseBeforeFirstPoll)
        {
            await Task.Delay(pause);
        }

        while (true)
        {
            var poll = await clients.Raw.PollExecutionAsync(executionId);
            Append(output, poll);
            if (poll.IsTerminal)
            {
                return Check(output.ToString(), poll.Status);
            }

            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause);
            }
        }
    }

    private static void Append(StringBuilder output, RawExecutionResult poll)
    {
        foreach (var chunk in poll.Output ?? [])
        {
            if (chunk.Stream == "stdout")
            {
                output.Append(chunk.Chunk);
            }
        }
    }

    private static string Check(string stdout, string? status) =>
        status == "completed" && stdout == Expected
            ? stdout
            : throw new InvalidOperationException($"The command ended {status} with stdout '{stdout}'");
}
