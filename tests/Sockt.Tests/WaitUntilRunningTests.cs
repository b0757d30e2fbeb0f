using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>WaitUntilRunningAsync: running + data plane, failure states, timeout, the back-off, next_poll_secs.</summary>
public class WaitUntilRunningTests
{
    private const string StatusPath = "/v1/sandboxes/sb_1";
    private const string FilesPath = "/v1/sandboxes/sb_1/files";

    [Test]
    public async Task Waits_through_starting_then_probes_the_data_plane()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("starting"))
            .OnJson("GET", StatusPath, Json.Status("running"))
            .On("GET", FilesPath, 400, Json.Envelope("pod_unreachable", "sandbox is booting"))
            .OnJson("GET", FilesPath, Json.FileList);
        var sandbox = test.Sandbox();

        await sandbox.WaitUntilRunningAsync();

        var files = test.Stub.RequestsTo("GET", FilesPath);
        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(files, Has.Count.EqualTo(2));
            Assert.That(files[0].Query("path"), Is.EqualTo("."));
            Assert.That(test.Time.Delays, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) }), "the pauses start short and double");
        });
    }

    [Test]
    public async Task Probe_is_skipped_when_disabled()
    {
        using var test = new TestClient(o => o.DataPlaneProbe = false);
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));

        await test.Sandbox().WaitUntilRunningAsync();

        Assert.That(test.Stub.RequestsTo("GET", FilesPath), Is.Empty);
    }

    [TestCase("failed")]
    [TestCase("terminated")]
    public async Task Failed_or_terminated_raises_at_once(string state)
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("starting")).OnJson("GET", StatusPath, Json.Status(state));

        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => test.Sandbox().WaitUntilRunningAsync());

        Assert.Multiple(() =>
        {
            Assert.That(exception!.SandboxId, Is.EqualTo("sb_1"));
            Assert.That(exception.LastStatus, Is.EqualTo(new SandboxState(state)));
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Timeout_raises_with_the_last_status_after_a_check_at_the_deadline()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("starting"));

        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => test.Sandbox().WaitUntilRunningAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.LastStatus, Is.EqualTo(SandboxState.Starting));
            Assert.That(exception.Message, Does.Contain("5 s"));
            Assert.That(test.Time.Delays.Select(d => d.TotalMilliseconds), Is.EqualTo(new[] { 100, 200, 400, 800, 1600, 1900 }), "doubling up to the interval, the last pause ending at the deadline");
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(7));
        });
    }

    [Test]
    public async Task A_data_plane_that_never_answers_times_out()
    {
        using var test = new TestClient(o => o.PodStartingRetry.MaxRetries = 0);
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"))
            .On("GET", FilesPath, 503, Json.Envelope("pod_starting", "starting"));

        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => test.Sandbox().WaitUntilRunningAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)));

        Assert.That(exception!.Message, Does.Contain("data plane"));
    }

    [Test]
    public async Task Other_probe_errors_propagate()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"))
            .On("GET", FilesPath, 403, Json.Envelope("forbidden", "not yours"));

        await Assert.ThrowsAsync<AuthenticationException>(() => test.Sandbox().WaitUntilRunningAsync());
    }

    [Test]
    public async Task The_pauses_double_up_to_the_poll_interval()
    {
        using var test = new TestClient(o => o.DataPlaneProbe = false);
        for (var i = 0; i < 7; i++)
        {
            test.Stub.OnJson("GET", StatusPath, Json.Status("starting"));
        }

        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));

        await test.Sandbox().WaitUntilRunningAsync(pollInterval: TimeSpan.FromSeconds(1));

        Assert.That(test.Time.Delays.Select(d => d.TotalMilliseconds), Is.EqualTo(new[] { 100, 200, 400, 800, 1000, 1000, 1000 }));
    }

    [Test]
    public async Task Next_poll_secs_shortens_the_pause_but_never_lengthens_it()
    {
        using var test = new TestClient(o => o.DataPlaneProbe = false);
        for (var i = 0; i < 5; i++)
        {
            test.Stub.OnJson("GET", StatusPath, Json.Status("starting", extra: ""","next_poll_secs":15"""));
        }

        test.Stub.OnJson("GET", StatusPath, Json.Status("awaiting_payment", extra: ""","next_poll_secs":1"""))
            .OnJson("GET", StatusPath, Json.Status("running"));

        await test.Sandbox().WaitUntilRunningAsync(pollInterval: TimeSpan.FromSeconds(3));

        Assert.That(test.Time.Delays.Select(d => d.TotalMilliseconds), Is.EqualTo(new[] { 100, 200, 400, 800, 1600, 1000 }), "15 s does not lengthen the back-off; 1 s caps the 3 s step");
    }

    [Test]
    public async Task Defaults_come_from_the_options()
    {
        using var test = new TestClient(o =>
        {
            o.WaitPollInterval = TimeSpan.FromMilliseconds(70);
            o.DataPlaneProbe = false;
        });
        test.Stub.OnJson("GET", StatusPath, Json.Status("starting")).OnJson("GET", StatusPath, Json.Status("running"));

        await test.Sandbox().WaitUntilRunningAsync();

        Assert.That(test.Time.Delays, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(70) }), "an interval below the first step is the step");
    }

    [Test]
    public async Task The_timeout_ends_a_check_that_waits_for_a_request_budget_token()
    {
        // One request (the first check), then practically nothing: 1 token a minute of real time.
        using var test = new TestClient(o => o.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 2, Burst = 1, SharedAcrossClients = false });
        test.Stub.OnJson("GET", StatusPath, Json.Status("starting")).OnJson("GET", StatusPath, Json.Status("running"));
        // Only a guard against hanging (without the timeout on the wait, the test fails with this cancellation).
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => test.Sandbox().WaitUntilRunningAsync(TimeSpan.FromSeconds(10), cancellationToken: guard.Token));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.LastStatus, Is.EqualTo(SandboxState.Starting));
            Assert.That(exception.Message, Does.Contain("within 10 s").And.Contain("request-budget token"));
            Assert.That(test.Time.Delays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay), Is.EqualTo(TimeSpan.FromSeconds(10)), "the pause, then the wait for a token, end exactly at the timeout");
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(1), "no check went out without a token");
        });
    }
}
