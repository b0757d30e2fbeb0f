using System.Text.Json.Nodes;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class ExecutionTests : EmulatorTestBase
{
    private string sandbox = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => sandbox = await NewSandboxAsync();

    [Test]
    public async Task Exec_answers_the_documented_start_shape()
    {
        var started = await Api.PostAsync($"/v1/sandboxes/{sandbox}/exec", Key, new { command = "echo hi" });

        Assert.That(started.Code, Is.EqualTo(200));
        Assert.That(started.Str("execution_id"), Does.Match("^exec_[0-9a-f]{12}$"));
        Assert.That(started.Str("status"), Is.EqualTo("running"));
        Assert.That(started.Str("sandbox_id"), Is.EqualTo(sandbox));
        Assert.That(started.Str("command"), Is.EqualTo("echo hi"));
        Assert.That(started.Str("next_step"), Does.Contain("execution_id"));
    }

    [Test]
    public async Task Stdout_stderr_and_exit_code_come_back_separately()
    {
        var outcome = await Api.RunAsync(sandbox, Key, "echo out; echo err >&2; exit 7");

        Assert.That(outcome.Status, Is.EqualTo("completed"));
        Assert.That(outcome.ExitCode, Is.EqualTo(7));
        Assert.That(outcome.Stdout, Is.EqualTo("out\n"));
        Assert.That(outcome.Stderr, Is.EqualTo("err\n"));
    }

    [Test]
    public async Task Commands_run_in_bash_as_a_login_shell_in_the_sandbox_home()
    {
        var outcome = await Api.RunAsync(sandbox, Key, "echo $0 $HOME; pwd; shopt -q login_shell && echo login");

        Assert.That(outcome.Stdout, Is.EqualTo("/bin/bash /home/sandbox\n/home/sandbox\nlogin\n").Or.EqualTo($"/bin/bash {Path.Combine(Emulator.DataDirectory, "sandboxes", sandbox, "home")}\n{Path.Combine(Emulator.DataDirectory, "sandboxes", sandbox, "home")}\nlogin\n"));
        if (Emulator.Isolation == IsolationMode.Bwrap)
        {
            Assert.That(outcome.Stdout, Does.StartWith("/bin/bash /home/sandbox\n"));
        }
    }

    [Test]
    public async Task Working_dir_is_relative_to_the_home_and_confined()
    {
        await Api.RunAsync(sandbox, Key, "mkdir -p work/sub");

        var relative = await Api.RunAsync(sandbox, Key, "basename \"$PWD\"", workingDir: "work/sub");
        var absolute = await Api.RunAsync(sandbox, Key, "basename \"$PWD\"", workingDir: "/home/sandbox/work");
        var escape = await Api.PostAsync($"/v1/sandboxes/{sandbox}/exec", Key, new { command = "pwd", working_dir = "../.." });
        var outside = await Api.PostAsync($"/v1/sandboxes/{sandbox}/exec", Key, new { command = "pwd", working_dir = "/etc" });
        var missing = await Api.PostAsync($"/v1/sandboxes/{sandbox}/exec", Key, new { command = "pwd", working_dir = "nope" });

        Assert.That(relative.Stdout, Is.EqualTo("sub\n"));
        Assert.That(absolute.Stdout, Is.EqualTo("work\n"));
        Assert.That((escape.Code, escape.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That((outside.Code, outside.ErrorCode), Is.EqualTo((400, "bad_request")));
        Assert.That((missing.Code, missing.ErrorCode), Is.EqualTo((400, "invalid_params")));
    }

    [Test]
    public async Task Exit_code_is_null_while_running_and_polls_return_only_new_chunks()
    {
        // The command waits for a file the test creates, so "running" is observed without relying on timing.
        var id = await Api.StartExecAsync(sandbox, Key, "echo first; while [ ! -f go ]; do sleep 0.02; done; echo second");
        var firstChunks = await Poll.UntilAsync(
            () => Api.GetAsync($"/v1/executions/{id}", Key),
            r => r.Json!["output"]!.AsArray().Count > 0,
            "the first chunk");
        var empty = await Api.GetAsync($"/v1/executions/{id}", Key);
        await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/write", Key, new { path = "go", content = "", create_dirs = true });
        var rest = await Api.CollectAsync(id, Key);

        Assert.That(firstChunks.Str("status"), Is.EqualTo("running"));
        Assert.That(firstChunks.Json!["exit_code"], Is.Null);
        Assert.That(ExecOutcome.ChunksOf(firstChunks.Json!).Select(c => c.Chunk), Is.EqualTo(new[] { "first\n" }));
        Assert.That(empty.Json!["output"]!.AsArray(), Is.Empty, "a poll consumes what it returned");
        Assert.That(rest.Stdout, Is.EqualTo("second\n"));
        Assert.That(rest.ExitCode, Is.EqualTo(0));
        await Api.RunAsync(sandbox, Key, "rm -f go");
    }

    [Test]
    public async Task Output_order_and_multibyte_characters_survive()
    {
        var outcome = await Api.RunAsync(sandbox, Key, "for i in $(seq 1 200); do echo \"line $i ✓ héllo\"; done");

        var expected = string.Concat(Enumerable.Range(1, 200).Select(i => $"line {i} ✓ héllo\n"));
        Assert.That(outcome.Stdout, Is.EqualTo(expected));
    }

    [Test]
    public async Task Timeout_kills_the_process_group_and_fails_the_execution()
    {
        var marker = HostProcesses.NewMarker();

        var outcome = await Api.RunAsync(sandbox, Key, $"sleep 300 & sleep 301; echo {marker}", timeoutMs: 300);

        Assert.That(outcome.Status, Is.EqualTo("failed"));
        Assert.That(outcome.Error, Does.Contain("timed out"));
        Assert.That(outcome.ExitCode, Is.Null);
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "the timed-out processes to be gone");
    }

    [Test]
    public async Task Cancel_kills_the_command_and_reports_cancelled()
    {
        var marker = HostProcesses.NewMarker();
        var id = await Api.StartExecAsync(sandbox, Key, $"echo started; sleep 300; echo {marker}");
        await Poll.UntilAsync(() => Task.FromResult(HostProcesses.CountWithMarker(marker)), n => n > 0, "the command to run");

        var cancelled = await Api.DeleteAsync($"/v1/executions/{id}", Key);
        var outcome = await Api.CollectAsync(id, Key);

        Assert.That((cancelled.Code, cancelled.Str("execution_id"), cancelled.Str("status")), Is.EqualTo((200, id, "cancelled")));
        Assert.That(outcome.Status, Is.EqualTo("cancelled"));
        Assert.That(HostProcesses.CountWithMarker(marker), Is.Zero);
    }

    [Test]
    public async Task Background_processes_end_with_their_execution()
    {
        var marker = HostProcesses.NewMarker();

        var outcome = await Api.RunAsync(sandbox, Key, $"(sleep 300; echo {marker}) & echo spawned");

        Assert.That(outcome.Stdout, Is.EqualTo("spawned\n"));
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "the background process to be gone");
    }

    [Test]
    public async Task Another_credential_cannot_poll_or_cancel_an_execution()
    {
        var lightning = await Api.CreateLightningSandboxAsync();
        var id = await Api.StartExecAsync(sandbox, Key, "sleep 5");

        var poll = await Api.GetAsync($"/v1/executions/{id}", lightning.Token);
        var cancel = await Api.DeleteAsync($"/v1/executions/{id}", lightning.Token);

        Assert.That((poll.Code, poll.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That(poll.Str("message"), Is.EqualTo("execution belongs to another caller"));
        Assert.That(poll.Str("hint"), Does.Contain("Authorization header"));
        Assert.That((cancel.Code, cancel.ErrorCode), Is.EqualTo((403, "forbidden")));
        await Api.DeleteAsync($"/v1/executions/{id}", Key);
    }

    [Test]
    public async Task Unknown_execution_is_404()
    {
        var poll = await Api.GetAsync("/v1/executions/exec_000000000000", Key);
        var cancel = await Api.DeleteAsync("/v1/executions/exec_000000000000", Key);

        Assert.That((poll.Code, poll.ErrorCode), Is.EqualTo((404, "not_found")));
        Assert.That((cancel.Code, cancel.ErrorCode), Is.EqualTo((404, "not_found")));
    }

    [Test]
    public async Task An_eleventh_concurrent_execution_gets_429_too_many_executions()
    {
        var other = await NewSandboxAsync();
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            ids.Add(await Api.StartExecAsync(i % 2 == 0 ? sandbox : other, Key, "sleep 60"));
        }

        var eleventh = await Api.PostAsync($"/v1/sandboxes/{sandbox}/exec", Key, new { command = "true" });
        await Api.DeleteAsync($"/v1/executions/{ids[0]}", Key);
        var afterCancel = await Api.PostAsync($"/v1/sandboxes/{sandbox}/exec", Key, new { command = "true" });

        Assert.That((eleventh.Code, eleventh.ErrorCode), Is.EqualTo((429, "too_many_executions")));
        Assert.That(eleventh.MediaType, Is.EqualTo("application/json"));
        Assert.That(afterCancel.Code, Is.EqualTo(200));
        foreach (var id in ids)
        {
            await Api.DeleteAsync($"/v1/executions/{id}", Key);
        }
    }

    [TestCase("{\"command\":\"true\",\"timeout_ms\":0}")]
    [TestCase("{\"command\":\"true\",\"timeout_ms\":-5}")]
    [TestCase("{\"command\":\"true\",\"timeout_ms\":86400001}")]
    [TestCase("{\"command\":\"true\",\"timeout_ms\":\"soon\"}")]
    [TestCase("{\"command\":\"true\",\"timeout_ms\":1.5}")]
    [TestCase("{\"command\":\"\"}")]
    [TestCase("{\"command\":42}")]
    [TestCase("{\"working_dir\":\".\"}")]
    [TestCase("{\"command\":\"echo a\\u0000b\"}")]
    [TestCase("[\"echo\"]")]
    [TestCase("{\"command\":")]
    [TestCase("")]
    public async Task Bad_exec_requests_get_400_invalid_params(string body)
    {
        var response = await Api.SendAsync(HttpMethod.Post, $"/v1/sandboxes/{sandbox}/exec", Key, rawBody: body);

        Assert.That((response.Code, response.ErrorCode), Is.EqualTo((400, "invalid_params")));
        Assert.That(response.Str("message"), Is.Not.Empty);
        Assert.That((await Api.RunAsync(sandbox, Key, "echo still serving")).Stdout, Is.EqualTo("still serving\n"));
    }

    [Test]
    public async Task Sandbox_token_may_be_sent_in_the_exec_body_and_the_query()
    {
        var lightning = await Api.CreateLightningSandboxAsync();
        await Emulator.PayInvoiceAsync(lightning.PaymentHash);

        var started = await Api.PostAsync($"/v1/sandboxes/{lightning.Id}/exec", null, new { command = "echo body-auth", sandbox_token = lightning.Token });
        var id = started.Str("execution_id");
        var output = new System.Text.StringBuilder();
        await Poll.UntilAsync(
            async () =>
            {
                var poll = await Api.GetAsync($"/v1/executions/{id}?sandbox_token={lightning.Token}");
                output.Append(string.Concat(ExecOutcome.ChunksOf(poll.Json!).Select(c => c.Chunk)));
                return poll;
            },
            r => r.Str("status") != "running",
            "the execution to end");

        Assert.That(started.Code, Is.EqualTo(200));
        Assert.That(output.ToString(), Is.EqualTo("body-auth\n"));
    }
}
