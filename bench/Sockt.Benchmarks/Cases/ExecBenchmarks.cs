using System.Text;
using BenchmarkDotNet.Attributes;
using Sockt.Benchmarks.Hosting;
using Sockt.Benchmarks.Raw;

namespace Sockt.Benchmarks.Cases;

/// <summary>
/// Case 2: execute-and-wait of <c>echo hi</c>: the SDK's ExecSyncAsync, a raw client that polls again as soon as a
/// poll answers (the floor), and the reference SDK's documented loop (sleep the 0.5 s poll interval, then poll).
/// </summary>
[MemoryDiagnoser]
public class ExecBenchmarks
{
    public const string Command = "echo hi";
    private const string Expected = "hi\n";
    private static readonly TimeSpan ReferencePollInterval = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan PacedPollInterval = TimeSpan.FromMilliseconds(1);

    private ComputeClient client = null!;
    private Sandbox sandbox = null!;
    private RawSocktClient raw = null!;
    private string sandboxId = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var target = BenchContext.Target;
        sandboxId = target.SandboxId;
        client = target.CreateSdkClient();
        sandbox = await client.GetSandboxAsync(sandboxId);
        raw = new RawSocktClient(target.BaseUrl, target.ApiKey);
        await TieredWarmUp.RunAsync(TimeSpan.FromSeconds(1.5), RawOptimal, RawPaced, Sdk);
    }

    [Benchmark(Baseline = true)]
    public async Task<string> RawOptimal()
    {
        var executionId = await raw.StartExecutionAsync(sandboxId, Command);
        var output = new StringBuilder();
        while (true)
        {
            var poll = await raw.PollExecutionAsync(executionId);
            Append(output, poll);
            if (poll.IsTerminal)
            {
                return Check(output.ToString(), poll.Status);
            }
        }
    }

    /// <summary>The same raw client with a 1 ms pause between polls: on 2 cores, back-to-back polls take CPU from the command.</summary>
    [Benchmark]
    public async Task<string> RawPaced()
    {
        var executionId = await raw.StartExecutionAsync(sandboxId, Command);
        var output = new StringBuilder();
        while (true)
        {
            var poll = await raw.PollExecutionAsync(executionId);
            Append(output, poll);
            if (poll.IsTerminal)
            {
                return Check(output.ToString(), poll.Status);
            }

            await Task.Delay(PacedPollInterval);
        }
    }

    [Benchmark]
    public async Task<string> Sdk()
    {
        var result = await sandbox.ExecSyncAsync(Command);
        return Check(result.Stdout, result.Status);
    }

    /// <summary>The SDK with its longest pause capped at 2 ms: shows how much of its time is the poll schedule.</summary>
    [Benchmark]
    public async Task<string> SdkPollEvery2Ms()
    {
        var result = await sandbox.ExecSyncAsync(Command, pollInterval: TimeSpan.FromMilliseconds(2));
        return Check(result.Stdout, result.Status);
    }

    [Benchmark]
    public async Task<string> ReferenceLoop()
    {
        var executionId = await raw.StartExecutionAsync(sandboxId, Command);
        var output = new StringBuilder();
        while (true)
        {
            await Task.Delay(ReferencePollInterval);
            var poll = await raw.PollExecutionAsync(executionId);
            Append(output, poll);
            if (poll.IsTerminal)
            {
                return Check(output.ToString(), poll.Status);
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        client.Dispose();
        raw.Dispose();
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
            : throw new InvalidOperationException($"`{Command}` ended {status} with stdout '{stdout}'");
}
