using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>503 pod_starting is retried (3 times, 2 s apart by default); nothing else is retried.</summary>
public class PodStartingRetryTests
{
    private static readonly string PodStarting = Json.Envelope("pod_starting", "sandbox pod is starting", "Retry in a few seconds");

    [Test]
    public async Task Pod_starting_is_retried_until_it_succeeds()
    {
        using var test = new TestClient();
        test.Stub.On("GET", "/v1/sandboxes/sb_1", 503, PodStarting)
            .On("GET", "/v1/sandboxes/sb_1", 503, PodStarting)
            .On("GET", "/v1/sandboxes/sb_1", 200, Json.Status("running"));

        var sandbox = await test.Client.GetSandboxAsync("sb_1");

        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(3));
            Assert.That(test.Time.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) }));
            Assert.That(test.Logs.GetSnapshot().Count(e => e.Message.Contains("pod is starting") && e.Level == Microsoft.Extensions.Logging.LogLevel.Information), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Three_retries_then_the_exception()
    {
        using var test = new TestClient();
        test.Stub.On("GET", "/v1/sandboxes/sb_1", 503, PodStarting);

        var exception = await Assert.ThrowsAsync<HostUnreachableException>(() => test.Client.GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.Slug, Is.EqualTo("pod_starting"));
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(4), "1 attempt + 3 retries");
            Assert.That(test.Time.Delays, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Retry_count_and_delay_are_configurable()
    {
        using var test = new TestClient(o =>
        {
            o.PodStartingRetry.MaxRetries = 1;
            o.PodStartingRetry.Delay = TimeSpan.FromMilliseconds(250);
        });
        test.Stub.On("GET", "/v1/sandboxes/sb_1", 503, "pod is starting", "text/plain");

        await Assert.ThrowsAsync<HostUnreachableException>(() => test.Client.GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(2));
            Assert.That(test.Time.Delays, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(250) }));
        });
    }

    [Test]
    public async Task Zero_retries_disables_the_retry()
    {
        using var test = new TestClient(o => o.PodStartingRetry.MaxRetries = 0);
        test.Stub.On("GET", "/v1/sandboxes/sb_1", 503, PodStarting);

        await Assert.ThrowsAsync<HostUnreachableException>(() => test.Client.GetSandboxAsync("sb_1"));

        Assert.That(test.Stub.Requests, Has.Count.EqualTo(1));
    }

    [TestCase(503, "no_capacity")]
    [TestCase(503, "maintenance")]
    [TestCase(500, "pod_starting")]
    [TestCase(502, "host_error")]
    [TestCase(429, "too_many_executions")]
    public async Task Other_failures_are_not_retried(int status, string slug)
    {
        using var test = new TestClient();
        test.Stub.On("GET", "/v1/sandboxes/sb_1", status, Json.Envelope(slug, "nope"));

        await Assert.ThrowsAsync(Is.InstanceOf<SocktException>(), () => test.Client.GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(1));
            Assert.That(test.Time.Delays, Is.Empty);
        });
    }

    [Test]
    public async Task Post_body_is_resent_intact()
    {
        using var test = new TestClient();
        test.Stub.On("POST", "/v1/sandboxes/sb_1/files/write", 503, PodStarting)
            .On("POST", "/v1/sandboxes/sb_1/files/write", 200, """{"path":"/home/sandbox/a.txt","bytes_written":5,"created_dirs":false}""");

        var written = await test.Sandbox().WriteFileAsync("a.txt", "héllo");

        var bodies = test.Stub.Requests.Select(r => r.Body).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(written.BytesWritten, Is.EqualTo(5));
            Assert.That(bodies, Has.Length.EqualTo(2));
            Assert.That(bodies[1], Is.EqualTo(bodies[0]));
            Assert.That(bodies[1], Does.Contain("héllo").And.Contain("\"create_dirs\":true"));
            Assert.That(test.Stub.Requests.Select(r => r.ContentType), Is.All.EqualTo("application/json"));
        });
    }

    [Test]
    public async Task Retry_works_through_a_caller_supplied_http_client()
    {
        var stub = new StubHttpHandler();
        stub.On("POST", "/v1/sandboxes/sb_1/exec", 503, PodStarting)
            .On("POST", "/v1/sandboxes/sb_1/exec", 200, Json.ExecStarted);
        using var httpClient = new HttpClient(stub);
        var time = new SteppingTimeProvider();
        using var client = new ComputeClient(new ComputeClientOptions { ApiKey = TestClient.ApiKey, SandboxToken = "sbx_explicit", BaseUrl = TestClient.BaseUrl, TimeProvider = time }, httpClient);
        var sandbox = new Sandbox(client.Core, "sb_1", null);

        var execution = await sandbox.StartExecAsync("echo hi");

        Assert.Multiple(() =>
        {
            Assert.That(execution.ExecutionId, Is.EqualTo("exec_1"));
            Assert.That(stub.Requests, Has.Count.EqualTo(2));
            Assert.That(stub.Requests[1].Body, Is.EqualTo(stub.Requests[0].Body));
            Assert.That(stub.Requests[1].Uri.ToString(), Does.StartWith("http://127.0.0.1:7450/v1/sandboxes/sb_1/exec"));
        });
    }
}
