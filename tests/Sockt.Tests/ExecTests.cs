using Sockt.Models;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Execute-and-wait: polling cadence, output assembly under both server semantics, the empty-terminal re-poll, cancellation.</summary>
public class ExecTests
{
    private const string ExecPath = "/v1/sandboxes/sb_1/exec";
    private const string PollPath = "/v1/executions/exec_1";

    private static TestClient WithPolls(params string[] polls)
    {
        var test = new TestClient();
        test.Stub.OnJson("POST", ExecPath, Json.ExecStarted);
        foreach (var poll in polls)
        {
            test.Stub.OnJson("GET", PollPath, poll);
        }

        return test;
    }

    [Test]
    public async Task Incremental_server_output_is_concatenated()
    {
        using var test = WithPolls(
            Json.Poll("running", Json.Chunk("a\\n")),
            Json.Poll("running", ""),
            Json.Poll("running", Json.Chunk("b\\n") + "," + Json.Chunk("oops\\n", "stderr")),
            Json.Poll("completed", Json.Chunk("c\\n"), 0));

        var result = await test.Sandbox().ExecAsync("echo hi");

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo("a\nb\nc\n"));
            Assert.That(result.Stderr, Is.EqualTo("oops\n"));
            Assert.That(result.Output.Select(c => c.Chunk), Is.EqualTo(new[] { "a\n", "b\n", "oops\n", "c\n" }));
            Assert.That(result.ExitCode, Is.EqualTo(0));
            Assert.That(result.IsCompleted, Is.True);
            Assert.That(result.ExecutionId, Is.EqualTo("exec_1"));
        });
    }

    [Test]
    public async Task Cumulative_server_output_is_not_duplicated()
    {
        using var test = WithPolls(
            Json.Poll("running", Json.Chunk("a\\n")),
            Json.Poll("running", Json.Chunk("a\\n") + "," + Json.Chunk("b\\n")),
            Json.Poll("running", Json.Chunk("a\\n") + "," + Json.Chunk("b\\n")),
            Json.Poll("completed", Json.Chunk("a\\n") + "," + Json.Chunk("b\\n") + "," + Json.Chunk("c\\n"), 0));

        var result = await test.Sandbox().ExecAsync("echo hi");

        Assert.That(result.Stdout, Is.EqualTo("a\nb\nc\n"));
    }

    [Test]
    public async Task Cumulative_server_that_merges_chunks_is_not_duplicated()
    {
        // The emulator's cumulative mode grows its last chunk instead of adding chunks.
        using var test = WithPolls(
            Json.Poll("running", Json.Chunk("l1\\n")),
            Json.Poll("running", Json.Chunk("l1\\nl2\\n")),
            Json.Poll("running", Json.Chunk("l1\\nl2\\n") + "," + Json.Chunk("e\\n", "stderr")),
            Json.Poll("completed", Json.Chunk("l1\\nl2\\n") + "," + Json.Chunk("e\\n", "stderr") + "," + Json.Chunk("l3\\n"), 0));

        var result = await test.Sandbox().ExecAsync("script");

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo("l1\nl2\nl3\n"));
            Assert.That(result.Stderr, Is.EqualTo("e\n"));
            Assert.That(result.Output.Select(c => c.Chunk), Is.EqualTo(new[] { "l1\n", "l2\n", "e\n", "l3\n" }));
        });
    }

    [Test]
    public async Task Terminal_poll_holding_everything_after_incremental_running_polls_is_not_duplicated()
    {
        using var test = WithPolls(
            Json.Poll("running", Json.Chunk("a")),
            Json.Poll("running", Json.Chunk("a") + "," + Json.Chunk("b")),
            Json.Poll("completed", Json.Chunk("a") + "," + Json.Chunk("b") + "," + Json.Chunk("c"), 0));

        var result = await test.Sandbox().ExecAsync("printf abc");

        Assert.That(result.Stdout, Is.EqualTo("abc"));
    }

    [Test]
    public async Task Once_a_poll_proves_the_server_incremental_repeated_output_is_kept()
    {
        using var test = WithPolls(
            Json.Poll("running", Json.Chunk(".")),
            Json.Poll("running"),
            Json.Poll("running", Json.Chunk(".")),
            Json.Poll("running", Json.Chunk("..")),
            Json.Poll("completed", Json.Chunk("...."), 0));

        var result = await test.Sandbox().ExecAsync("progress-dots");

        Assert.That(result.Stdout, Is.EqualTo("........"));
    }

    [Test]
    public async Task A_poll_that_does_not_extend_the_output_proves_the_server_incremental()
    {
        using var test = WithPolls(
            Json.Poll("running", Json.Chunk("x")),
            Json.Poll("running", Json.Chunk("y")),
            Json.Poll("completed", Json.Chunk("x") + "," + Json.Chunk("y"), 0));

        var result = await test.Sandbox().ExecAsync("printf xyxy");

        Assert.That(result.Stdout, Is.EqualTo("xyxy"));
    }

    [Test]
    public async Task Output_only_on_the_terminal_poll_is_kept()
    {
        using var test = WithPolls(
            Json.Poll("running"),
            Json.Poll("completed", Json.Chunk("1\\n") + "," + Json.Chunk("2\\n"), 0));

        var result = await test.Sandbox().ExecAsync("seq 2");

        Assert.That(result.Stdout, Is.EqualTo("1\n2\n"));
    }

    [Test]
    public async Task First_poll_is_immediate_then_1_ms_apart_then_15_percent_of_the_age_up_to_the_interval()
    {
        var polls = Enumerable.Repeat(Json.Poll("running"), 39).Append(Json.Poll("completed", Json.Chunk("x"), 0)).ToArray();
        using var test = WithPolls(polls);

        await test.Sandbox().ExecAsync("sleep 1", new ExecOptions { PollInterval = TimeSpan.FromMilliseconds(20) });

        // The clock only moves by the pauses, so the age at each poll is the sum of the pauses before it; timers count
        // whole milliseconds.
        var expected = new List<double>();
        var age = 0.0;
        for (var poll = 0; poll < 39; poll++)
        {
            var pause = Math.Clamp(Math.Floor(age * 0.15), 1, 20);
            expected.Add(pause);
            age += pause;
        }

        Assert.Multiple(() =>
        {
            Assert.That(test.Time.Delays.Take(14), Is.All.EqualTo(TimeSpan.FromMilliseconds(1)), "1 ms apart while young");
            Assert.That(test.Time.Delays.Select(d => d.TotalMilliseconds), Is.EqualTo(expected));
            Assert.That(test.Time.Delays[^1], Is.EqualTo(TimeSpan.FromMilliseconds(20)));
            Assert.That(test.Stub.RequestsTo("GET", PollPath), Has.Count.EqualTo(40));
        });
    }

    [Test]
    public async Task Pauses_stretch_when_the_credentials_budget_runs_low()
    {
        using var test = new TestClient(o => o.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 101, Burst = 100 });
        test.Stub.OnJson("POST", ExecPath, Json.ExecStarted);
        test.Stub.OnJson("GET", PollPath, Json.Poll("running"));
        test.Stub.OnJson("GET", PollPath, Json.Poll("completed", Json.Chunk("x"), 0));
        var budget = test.Client.Core.Budgets.For(TestClient.ApiKey)!;
        for (var i = 0; i < 91; i++)
        {
            await budget.AcquireAsync(CancellationToken.None);
        }

        // 9 tokens of 100 are left; the POST and the first poll take 2: 7 % of the burst, (0.25 / 0.07)² ≈ 12.8 × 1 ms.
        // (The bucket refills 1 token a minute in real time, so a slow run may have a fraction more; timers drop the fraction of a ms.)
        await test.Sandbox().ExecAsync("sleep 1");

        Assert.That(test.Time.Delays.Single().TotalMilliseconds, Is.InRange(9, Math.Pow(0.25 / 0.07, 2)));
    }

    [Test]
    public async Task A_fast_command_costs_no_pause_at_all()
    {
        using var test = WithPolls(Json.Poll("completed", Json.Chunk("hi\\n"), 0));

        var result = await test.Sandbox().ExecAsync("echo hi");

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo("hi\n"));
            Assert.That(test.Time.Delays, Is.Empty);
        });
    }

    [Test]
    public async Task Empty_terminal_poll_is_polled_again_until_the_output_arrives()
    {
        using var test = WithPolls(
            Json.Poll("completed", "", 0),
            Json.Poll("completed", "", 0),
            Json.Poll("completed", Json.Chunk("late\\n"), 0));

        var result = await test.Sandbox().ExecAsync("echo late");

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo("late\n"));
            Assert.That(test.Stub.RequestsTo("GET", PollPath), Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Empty_terminal_poll_is_polled_again_at_most_five_times()
    {
        using var test = WithPolls(Json.Poll("completed", "", 0));

        var result = await test.Sandbox().ExecAsync("true");

        Assert.Multiple(() =>
        {
            Assert.That(result.Output, Is.Empty);
            Assert.That(result.ExitCode, Is.EqualTo(0));
            Assert.That(test.Stub.RequestsTo("GET", PollPath), Has.Count.EqualTo(6), "1 poll + 5 re-polls");
        });
    }

    [Test]
    public async Task Empty_terminal_re_polls_use_a_short_fixed_pause_not_the_back_off()
    {
        using var test = WithPolls(Json.Poll("completed", "", 0));

        await test.Sandbox().ExecAsync("true");

        Assert.That(test.Time.Delays, Is.EqualTo(Enumerable.Repeat(TimeSpan.FromMilliseconds(20), 5)));
    }

    [Test]
    public async Task Terminal_poll_without_output_is_final_once_output_was_received()
    {
        using var test = WithPolls(
            Json.Poll("running", Json.Chunk("done\\n")),
            Json.Poll("completed", "", 0));

        var result = await test.Sandbox().ExecAsync("echo done");

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo("done\n"));
            Assert.That(test.Stub.RequestsTo("GET", PollPath), Has.Count.EqualTo(2));
        });
    }

    [TestCase("failed", 0, "killed by timeout")]
    [TestCase("completed", 3, null)]
    public async Task Failures_and_non_zero_exits_are_not_polled_again(string status, int exitCode, string? error)
    {
        using var test = WithPolls(Json.Poll(status, "", exitCode, error));

        var result = await test.Sandbox().ExecAsync("false");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(new ExecutionState(status)));
            Assert.That(result.ExitCode, Is.EqualTo(exitCode));
            Assert.That(result.Error, Is.EqualTo(error));
            Assert.That(test.Stub.RequestsTo("GET", PollPath), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Cancelling_sends_delete_for_the_execution_then_throws()
    {
        using var test = WithPolls(Json.Poll("running", Json.Chunk("tick")));
        test.Stub.OnJson("DELETE", PollPath, """{"execution_id":"exec_1","status":"cancelled"}""");
        using var cts = new CancellationTokenSource();
        test.Stub.OnRequest = request =>
        {
            if (request.Method == HttpMethod.Get && test.Stub.RequestsTo("GET", PollPath).Count == 3)
            {
                cts.Cancel();
            }
        };

        Assert.That(async () => await test.Sandbox().ExecAsync("sleep 100", cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(test.Stub.RequestsTo("DELETE", PollPath), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Cancelling_while_the_start_request_is_in_flight_still_cancels_the_execution()
    {
        using var test = WithPolls(Json.Poll("running"));
        test.Stub.OnJson("DELETE", PollPath, """{"execution_id":"exec_1","status":"cancelled"}""");
        using var cts = new CancellationTokenSource();
        test.Stub.OnRequest = request =>
        {
            if (request.Method == HttpMethod.Post)
            {
                cts.Cancel();
            }
        };

        Assert.That(async () => await test.Sandbox().ExecAsync("sleep 100", cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.RequestsTo("DELETE", PollPath), Has.Count.EqualTo(1), "the started execution is cancelled");
            Assert.That(test.Stub.RequestsTo("GET", PollPath), Is.Empty, "no poll after the caller gave up");
        });
    }

    [Test]
    public async Task A_token_cancelled_before_the_call_sends_nothing()
    {
        using var test = WithPolls(Json.Poll("running"));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Assert.That(async () => await test.Sandbox().ExecAsync("sleep 100", cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(test.Stub.Requests, Is.Empty);
    }

    [Test]
    public async Task A_failing_remote_cancel_does_not_hide_the_cancellation()
    {
        using var test = WithPolls(Json.Poll("running"));
        test.Stub.On("DELETE", PollPath, 404, Json.Envelope("not_found", "execution not found"));
        using var cts = new CancellationTokenSource();
        test.Stub.OnRequest = request =>
        {
            if (request.Method == HttpMethod.Get)
            {
                cts.Cancel();
            }
        };

        Assert.That(async () => await test.Sandbox().ExecAsync("sleep 100", cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.RequestsTo("DELETE", PollPath), Has.Count.EqualTo(1));
            Assert.That(test.Logs.AllText(), Does.Contain("Could not cancel execution exec_1"));
        });
    }

    [Test]
    public async Task Streaming_yields_each_chunk_once_as_it_arrives()
    {
        using var test = WithPolls(
            Json.Poll("running", Json.Chunk("a")),
            Json.Poll("running", Json.Chunk("a") + "," + Json.Chunk("b")),
            Json.Poll("completed", Json.Chunk("c"), 0));
        var seen = new List<(string Chunk, int PollsSoFar)>();

        var execution = await test.Sandbox().StartExecAsync("printf abc");
        await foreach (var chunk in execution.ReadOutputAsync())
        {
            seen.Add((chunk.Chunk!, test.Stub.RequestsTo("GET", PollPath).Count));
        }

        Assert.That(seen, Is.EqualTo(new[] { ("a", 1), ("b", 2), ("c", 3) }));
    }

    [Test]
    public async Task Execution_handle_can_wait_and_read()
    {
        using var test = WithPolls(Json.Poll("running", Json.Chunk("x")), Json.Poll("completed", Json.Chunk("y"), 0));

        var execution = await test.Sandbox().StartExecAsync("echo hi", new ExecOptions { WorkingDirectory = "src", Timeout = TimeSpan.FromSeconds(1) });
        var result = await execution.WaitAsync();

        var body = test.Stub.RequestsTo("POST", ExecPath).Single().Body;
        Assert.Multiple(() =>
        {
            Assert.That(execution.ExecutionId, Is.EqualTo("exec_1"));
            Assert.That(execution.Status, Is.EqualTo(ExecutionState.Running));
            Assert.That(execution.SandboxId, Is.EqualTo("sb_1"));
            Assert.That(body, Does.Contain("\"command\":\"echo hi\"").And.Contain("\"working_dir\":\"src\"").And.Contain("\"timeout_ms\":1000"));
            Assert.That(result.Stdout, Is.EqualTo("xy"));
        });
    }

    [Test]
    public async Task Exec_result_returns_one_poll_as_is()
    {
        using var test = WithPolls(Json.Poll("running", Json.Chunk("partial")));

        var result = await test.Sandbox().GetExecutionResultAsync("exec_1");

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ExecutionState.Running));
            Assert.That(result.ExitCode, Is.Null);
            Assert.That(result.IsTerminal, Is.False);
            Assert.That(result.Stdout, Is.EqualTo("partial"));
        });
    }

    [Test]
    public async Task Missing_execution_id_is_an_api_exception()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", ExecPath, """{"status":"running"}""");

        await Assert.ThrowsAsync<ApiException>(() => test.Sandbox().StartExecAsync("echo hi"));
    }

    [Test]
    public async Task Pending_invoice_in_a_poll_raises_the_event()
    {
        using var test = WithPolls(
            Json.Poll("running").Replace("\"exit_code\":null", "\"exit_code\":null,\"pending_invoice\":{\"bolt11\":\"lnbc1\",\"payment_hash\":\"h1\",\"amount_msats\":1000}"),
            Json.Poll("completed", Json.Chunk("x"), 0));
        var sandbox = test.Sandbox();
        var invoices = new List<PendingInvoice>();
        sandbox.PendingInvoiceReceived += (_, e) => invoices.Add(e.Invoice);

        await sandbox.ExecAsync("echo x");

        Assert.That(invoices.Select(i => i.Bolt11), Is.EqualTo(new[] { "lnbc1" }));
    }
}
