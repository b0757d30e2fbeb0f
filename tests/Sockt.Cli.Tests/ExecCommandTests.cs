using Newtonsoft.Json.Linq;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary>sockt exec and exec-cancel: streams, exit codes, flags, Ctrl+C.</summary>
public sealed class ExecCommandTests : CliTestBase
{
    private Sandbox sandbox = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => sandbox = await RunningSandboxAsync();

    [Test]
    public async Task Stdout_and_stderr_stay_separate_and_the_remote_exit_code_is_the_exit_code()
    {
        var result = await RunAsync("exec", sandbox.Id, "echo out; echo err >&2; exit 7");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(7));
            Assert.That(result.Stdout, Is.EqualTo("out\n"));
            Assert.That(result.Stderr, Is.EqualTo("err\n"));
        });
    }

    [Test]
    public async Task The_command_words_are_joined_and_their_own_flags_are_not_sockts()
    {
        var result = await RunOkAsync("exec", sandbox.Id, "echo", "-n", "a", "--json", "-d");
        Assert.That(result.Stdout, Is.EqualTo("a --json -d"));
    }

    [Test]
    public async Task Workdir_timeout_and_poll_before_or_after_the_id()
    {
        await sandbox.ExecAsync("mkdir -p /home/sandbox/project");
        var before = await RunOkAsync("exec", "--workdir", "/home/sandbox/project", "--poll", "100", "--timeout", "60000", sandbox.Id, "pwd");
        // The official README's "Scripting with Cleanup" puts --workdir after the id.
        var after = await RunOkAsync("exec", sandbox.Id, "-d", "/home/sandbox/project", "pwd");
        Assert.Multiple(() =>
        {
            Assert.That(before.Stdout, Is.EqualTo("/home/sandbox/project\n"));
            Assert.That(after.Stdout, Is.EqualTo("/home/sandbox/project\n"));
        });
    }

    [Test]
    public async Task A_timeout_ends_the_command_with_a_failure_exit_code()
    {
        var result = await RunAsync("exec", "--timeout", "300", sandbox.Id, "sleep 30; echo never");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.Stdout, Does.Not.Contain("never"));
        });
    }

    [Test]
    public async Task Output_streams_while_the_command_still_runs()
    {
        await using var process = CliProcess.Start(["exec", "--poll", "50", sandbox.Id, "echo first; sleep 30"], UserEnvironment());
        await process.WriteStdinAsync([]);
        await Poll.UntilAsync(() => Task.FromResult(process.StdoutText), text => text.Contains("first\n", StringComparison.Ordinal), "the first line before the command ends");
        process.Signal(CliProcess.SigInt);
        await process.WaitAsync();
    }

    [Test]
    public async Task Ctrl_c_cancels_the_remote_execution_and_exits_with_130()
    {
        await using var process = CliProcess.Start(["exec", "--poll", "50", sandbox.Id, "echo started; sleep 60; echo finished"], UserEnvironment());
        await process.WriteStdinAsync([]);
        await Poll.UntilAsync(() => Task.FromResult(process.StdoutText), text => text.Contains("started", StringComparison.Ordinal), "the command to start");
        process.Signal(CliProcess.SigInt);
        var result = await process.WaitAsync();

        var executionId = System.Text.RegularExpressions.Regex.Match(result.Stderr, @"Execution (\S+) cancelled").Groups[1].Value;
        Assert.That(executionId, Is.Not.Empty, result.ToString());
        var remote = await sandbox.GetExecutionResultAsync(executionId);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(130));
            Assert.That(result.Stdout, Is.EqualTo("started\n"));
            Assert.That(remote.Status, Is.EqualTo(ExecutionState.Cancelled), "the remote execution was cancelled, not left running");
        });
    }

    [Test]
    public async Task Exec_cancel_cancels_an_execution_by_id()
    {
        var execution = await sandbox.StartExecAsync("sleep 60");
        var result = await RunOkAsync("exec-cancel", execution.ExecutionId);
        var remote = await Poll.UntilAsync(() => execution.GetResultAsync(), r => r.Status != "running", "the execution to stop");
        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo($"Execution {execution.ExecutionId} cancelled\n"));
            Assert.That(remote.Status, Is.EqualTo(ExecutionState.Cancelled));
        });
    }

    [Test]
    public async Task Json_is_the_whole_result_and_keeps_the_exit_code()
    {
        var result = await RunAsync("--json", "exec", sandbox.Id, "echo out; echo err >&2; exit 3");
        var json = JToken.Parse(result.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(3));
            Assert.That((int?)json["exit_code"], Is.EqualTo(3));
            Assert.That((string?)json["stdout"], Is.EqualTo("out\n"));
            Assert.That((string?)json["stderr"], Is.EqualTo("err\n"));
            Assert.That((string?)json["status"], Is.EqualTo("completed"));
        });
    }
}
