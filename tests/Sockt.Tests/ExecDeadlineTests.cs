using Microsoft.Extensions.Time.Testing;
using Sockt.Testing;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>
/// An execution started with a timeout has a client-side deadline (the timeout plus ExecTimeoutGrace): one that the
/// service keeps reporting as running is cancelled on the sandbox and ends in an ExecutionTimeoutException.
/// </summary>
public class ExecDeadlineTests
{
    private const string ExecPath = "/v1/sandboxes/sb_1/exec";
    private const string PollPath = "/v1/executions/exec_1";

    private static TestClient ForeverRunning()
    {
        var test = new TestClient(o => o.ExecTimeoutGrace = TimeSpan.FromSeconds(1));
        test.Stub.OnJson("POST", ExecPath, Json.ExecStarted)
            .OnJson("GET", PollPath, Json.Poll("running", Json.Chunk("tick")))
            .OnJson("DELETE", PollPath, """{"execution_id":"exec_1","status":"cancelled"}""");
        return test;
    }

    private static TimeSpan Waited(TestClient test) => test.Time.Delays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);

    [Test]
    public async Task ExecAsync_past_its_timeout_and_grace_cancels_the_execution_and_throws()
    {
        using var test = ForeverRunning();

        var exception = await Assert.ThrowsAsync<ExecutionTimeoutException>(
            () => test.Sandbox().ExecAsync("sleep 100", new ExecOptions { Timeout = TimeSpan.FromSeconds(2) }));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.ExecutionId, Is.EqualTo("exec_1"));
            Assert.That(exception.Timeout, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(exception, Is.InstanceOf<SocktException>());
            Assert.That(exception.Message, Does.Contain("exec_1").And.Contain("2 s timeout").And.Contain("1 s of grace"));
            Assert.That(Waited(test), Is.EqualTo(TimeSpan.FromSeconds(3)), "the last pause ends exactly at the deadline");
            Assert.That(test.Stub.RequestsTo("DELETE", PollPath), Has.Count.EqualTo(1));
            Assert.That(test.Stub.RequestsTo("POST", ExecPath).Single().Body, Does.Contain("\"timeout_ms\":2000"));
        });
    }

    [Test]
    public async Task The_handle_applies_the_same_deadline_to_waiting_and_streaming()
    {
        using var test = ForeverRunning();
        var options = new ExecOptions { Timeout = TimeSpan.FromMilliseconds(1500) };
        var waited = await test.Sandbox().StartExecAsync("sleep 100", options);
        var streamed = await test.Sandbox().StartExecAsync("sleep 100", options);

        await Assert.ThrowsAsync<ExecutionTimeoutException>(() => waited.WaitAsync());
        var chunks = 0;
        await Assert.ThrowsAsync<ExecutionTimeoutException>(async () =>
        {
            await foreach (var _ in streamed.ReadOutputAsync())
            {
                chunks++;
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(chunks, Is.GreaterThan(0), "output read before the deadline was delivered");
            Assert.That(test.Stub.RequestsTo("DELETE", PollPath), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task An_execution_that_ends_within_the_grace_returns_its_result()
    {
        using var test = new TestClient(o => o.ExecTimeoutGrace = TimeSpan.FromSeconds(5));
        test.Stub.OnJson("POST", ExecPath, Json.ExecStarted);
        for (var i = 0; i < 50; i++)
        {
            test.Stub.OnJson("GET", PollPath, Json.Poll("running"));
        }

        test.Stub.OnJson("GET", PollPath, Json.Poll("failed", Json.Chunk("partial"), 124, "timeout"));

        var result = await test.Sandbox().ExecAsync("sleep 100", new ExecOptions { Timeout = TimeSpan.FromSeconds(1) });

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(ExecutionState.Failed));
            Assert.That(result.Stdout, Is.EqualTo("partial"));
            Assert.That(Waited(test), Is.GreaterThan(TimeSpan.FromSeconds(1)), "the wait went past the timeout into the grace");
            Assert.That(test.Stub.RequestsTo("DELETE", PollPath), Is.Empty);
        });
    }

    [Test]
    public async Task Without_a_timeout_there_is_no_client_side_deadline()
    {
        // Budget off: 80 polls are more than its burst, and this test is about the deadline, not the budget.
        using var test = new TestClient(o =>
        {
            o.ExecTimeoutGrace = TimeSpan.Zero;
            o.RequestBudget.RequestsPerMinute = 0;
        });
        test.Stub.OnJson("POST", ExecPath, Json.ExecStarted);
        for (var i = 0; i < 80; i++)
        {
            test.Stub.OnJson("GET", PollPath, Json.Poll("running"));
        }

        test.Stub.OnJson("GET", PollPath, Json.Poll("completed", Json.Chunk("done"), 0));

        var result = await test.Sandbox().ExecAsync("slow");

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo("done"));
            Assert.That(Waited(test), Is.GreaterThan(TimeSpan.FromSeconds(10)));
        });
    }

    /// <summary>One request (the exec start), then practically nothing: 1 token a minute of real time.</summary>
    private static void OneRequest(ComputeClientOptions options)
    {
        options.ExecTimeoutGrace = TimeSpan.FromSeconds(1);
        options.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 2, Burst = 1, SharedAcrossClients = false };
    }

    [Test]
    public async Task The_deadline_ends_a_poll_that_waits_for_a_request_budget_token()
    {
        using var starved = new TestClient(OneRequest);
        starved.Stub.OnJson("POST", ExecPath, Json.ExecStarted)
            .OnJson("GET", PollPath, Json.Poll("running"))
            .OnJson("DELETE", PollPath, """{"execution_id":"exec_1","status":"cancelled"}""");

        // Only a guard against hanging (without the deadline on the wait, the test fails with this cancellation).
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var exception = await Assert.ThrowsAsync<ExecutionTimeoutException>(
            () => starved.Sandbox().ExecAsync("sleep 100", new ExecOptions { Timeout = TimeSpan.FromSeconds(2) }, guard.Token));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.ExecutionId, Is.EqualTo("exec_1"));
            Assert.That(exception.Message, Does.Contain("2 s timeout").And.Contain("1 s of grace"));
            Assert.That(starved.Time.Delays.First(), Is.EqualTo(TimeSpan.FromSeconds(3)), "the wait for a token ends exactly at timeout + grace");
            Assert.That(starved.Time.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5) }), "then the remote cancel waits for a token, no longer than RemoteCancelTimeout");
            Assert.That(starved.Stub.RequestsTo("GET", PollPath), Is.Empty, "no poll went out without a token");
            Assert.That(starved.Stub.RequestsTo("DELETE", PollPath), Is.Empty, "nor the cancel");
            Assert.That(starved.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains("Could not cancel execution exec_1"));
        });
    }

    [Test]
    public async Task The_callers_token_still_ends_a_poll_waiting_for_a_token_with_operation_canceled()
    {
        var clock = new FakeTimeProvider();
        using var test = new TestClient(o =>
        {
            OneRequest(o);
            o.TimeProvider = clock;
        });
        test.Stub.OnJson("POST", ExecPath, Json.ExecStarted)
            .OnJson("DELETE", PollPath, """{"execution_id":"exec_1","status":"cancelled"}""");
        using var cancel = new CancellationTokenSource();

        var exec = test.Sandbox().ExecAsync("sleep 100", new ExecOptions { Timeout = TimeSpan.FromSeconds(2) }, cancel.Token);
        var budget = test.Client.Core.Budgets.For(TestClient.ApiKey)!;
        await Poll.UntilAsync(() => budget.Waiting == 1, "the first poll to wait for a token");
        cancel.Cancel();
        // The remote cancel then waits for a token too, bounded on the client's clock.
        await Poll.UntilAsync(() => budget.Waiting == 1 && test.Logs.GetSnapshot().Any(r => r.Message.Contains("cancelling it on the sandbox", StringComparison.Ordinal)), "the remote cancel to wait for a token");
        clock.Advance(TimeSpan.FromSeconds(5));

        var exception = await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await exec);
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.Contain("request budget"));
            Assert.That(test.Stub.RequestsTo("GET", PollPath), Is.Empty);
        });
    }

    [Test]
    public void A_negative_grace_is_rejected()
    {
        Assert.That(() => new TestClient(o => o.ExecTimeoutGrace = TimeSpan.FromSeconds(-1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
