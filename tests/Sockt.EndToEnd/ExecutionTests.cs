using Sockt.EndToEnd.Infrastructure;
using Sockt.Emulator;

namespace Sockt.EndToEnd;

/// <summary>
/// Executions under both output modes of the emulator: polls that return only new chunks (documented) and polls that
/// return everything so far (what the CLI assumes). The SDK must assemble the same output either way.
/// </summary>
[TestFixture(ExecOutputMode.Incremental)]
[TestFixture(ExecOutputMode.Cumulative)]
public class ExecutionTests(ExecOutputMode mode) : EmulatorTestBase
{
    // Output over several polls: lines spread in time, stdout and stderr interleaved.
    private const string ChattyCommand = "for i in 1 2 3 4 5 6; do echo out$i; echo err$i >&2; sleep 0.05; done";

    private Sandbox _sandbox = null!;

    protected override void Configure(SocktEmulatorOptions options) => options.ExecOutputMode = mode;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => _sandbox = await RunningSandboxAsync();

    [Test]
    public async Task ExecAsync_assembles_all_output_once_and_in_order()
    {
        var result = await _sandbox.ExecAsync(ChattyCommand);

        Assert.That(result.Status, Is.EqualTo(ExecutionState.Completed));
        Assert.That(result.IsCompleted && result.IsTerminal, Is.True);
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stdout, Is.EqualTo("out1\nout2\nout3\nout4\nout5\nout6\n"));
        Assert.That(result.Stderr, Is.EqualTo("err1\nerr2\nerr3\nerr4\nerr5\nerr6\n"));
    }

    [Test]
    public async Task ExecAsync_reports_exit_code_stderr_and_working_directory()
    {
        await _sandbox.WriteFileAsync("project/marker.txt", "here");

        var failed = await _sandbox.ExecAsync("echo oops >&2; exit 3");
        var inDirectory = await _sandbox.ExecAsync("pwd && cat marker.txt", new ExecOptions { WorkingDirectory = "project" });

        Assert.That(failed.ExitCode, Is.EqualTo(3));
        Assert.That(failed.Stderr, Is.EqualTo("oops\n"));
        // /home/sandbox/project under bubblewrap; the sandbox's host directory without isolation.
        Assert.That(inDirectory.Stdout, Does.EndWith("/project\nhere"));
    }

    [Test]
    public async Task ExecAsync_with_a_timeout_stops_a_command_that_runs_too_long()
    {
        var result = await _sandbox.ExecAsync("echo before; sleep 30; echo after", new ExecOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        Assert.That(result.IsTerminal, Is.True);
        Assert.That(result.IsCompleted && result.ExitCode == 0, Is.False, $"a timed-out command must not look successful: {result}");
        Assert.That(result.Stdout, Does.Contain("before").And.Not.Contain("after"));
    }

    [Test]
    public async Task ReadOutputAsync_yields_every_chunk_once_in_order()
    {
        var chunks = new List<Models.OutputChunk>();
        await foreach (var chunk in (await _sandbox.StartExecAsync(ChattyCommand)).ReadOutputAsync())
        {
            chunks.Add(chunk);
        }

        Assert.That(string.Concat(chunks.Where(c => c.Stream == OutputStream.Stdout).Select(c => c.Chunk)), Is.EqualTo("out1\nout2\nout3\nout4\nout5\nout6\n"));
        Assert.That(string.Concat(chunks.Where(c => c.Stream == OutputStream.Stderr).Select(c => c.Chunk)), Is.EqualTo("err1\nerr2\nerr3\nerr4\nerr5\nerr6\n"));
    }

    [Test]
    public async Task StartExecAsync_then_GetExecutionResultAsync_polls_until_the_end()
    {
        var execution = await _sandbox.StartExecAsync("echo polled");
        Assert.That(execution.ExecutionId, Is.Not.Empty);
        Assert.That(execution.SandboxId, Is.EqualTo(_sandbox.Id));
        Assert.That(execution.Command, Is.EqualTo("echo polled"));

        var stdout = "";
        var last = await Poll.UntilAsync(
            async () =>
            {
                var poll = await _sandbox.GetExecutionResultAsync(execution.ExecutionId);
                // Incremental polls return new chunks; cumulative ones everything so far.
                stdout = mode == ExecOutputMode.Incremental ? stdout + poll.Stdout : poll.Stdout;
                return poll;
            },
            poll => poll.IsTerminal,
            "the execution to end");

        Assert.That(last.ExitCode, Is.EqualTo(0));
        Assert.That(stdout, Is.EqualTo("polled\n"));
    }

    [Test]
    public async Task Execution_handle_waits_reads_and_polls()
    {
        var waited = await (await _sandbox.StartExecAsync("echo waited")).WaitAsync();
        Assert.That(waited.Stdout, Is.EqualTo("waited\n"));

        var read = new List<string?>();
        await foreach (var chunk in (await _sandbox.StartExecAsync("echo a; sleep 0.1; echo b")).ReadOutputAsync())
        {
            read.Add(chunk.Chunk);
        }

        Assert.That(string.Concat(read), Is.EqualTo("a\nb\n"));

        var polled = await (await _sandbox.StartExecAsync("echo once")).GetResultAsync();
        Assert.That(polled.ExecutionId, Is.Not.Null);
    }

    [Test]
    public async Task CancelExecutionAsync_and_Execution_CancelAsync_cancel_a_running_command()
    {
        var first = await _sandbox.StartExecAsync("sleep 60");
        var second = await _sandbox.StartExecAsync("sleep 60");

        await _sandbox.CancelExecutionAsync(first.ExecutionId);
        await second.CancelAsync();

        foreach (var execution in new[] { first, second })
        {
            var result = await Poll.UntilAsync(() => _sandbox.GetExecutionResultAsync(execution.ExecutionId), r => r.IsTerminal, "the cancelled execution to end");
            Assert.That(result.Status, Is.EqualTo(ExecutionState.Cancelled));
        }
    }

    [Test]
    public async Task Cancelling_ExecAsync_cancels_the_remote_execution()
    {
        var recorder = new ExecutionIdRecorder();
        using var http = new HttpClient(recorder);
        using var client = new ComputeClient(Options(), http);
        var sandbox = await client.GetSandboxAsync(_sandbox.Id);
        using var cancel = new CancellationTokenSource();

        var running = sandbox.ExecAsync("sleep 60", cancellationToken: cancel.Token);
        var executionId = await recorder.FirstExecutionId.WaitAsync(TimeSpan.FromSeconds(20));
        await cancel.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(async () => await running);
        var result = await Poll.UntilAsync(() => sandbox.GetExecutionResultAsync(executionId), r => r.IsTerminal, "the remote execution to end");
        Assert.That(result.Status, Is.EqualTo(ExecutionState.Cancelled));
    }
}
