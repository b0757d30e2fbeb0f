using Microsoft.Extensions.Logging;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>One line per request (Debug when it succeeds, Warning when it fails); retries and milestones at Information.</summary>
public class LoggingTests
{
    [Test]
    public async Task Levels_follow_the_convention()
    {
        using var test = new TestClient();
        test.Stub.On("GET", "/v1/sandboxes/sb_1", 503, Json.Envelope("pod_starting", "starting"))
            .OnJson("GET", "/v1/sandboxes/sb_1", Json.Status("running"))
            .On("GET", "/v1/sandboxes/sb_2", 404, Json.Envelope("not_found", "sandbox not found"));

        await test.Client.GetSandboxAsync("sb_1");
        await Assert.ThrowsAsync<NotFoundException>(() => test.Client.GetSandboxAsync("sb_2"));

        var entries = test.Logs.GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(entries.Count(e => e.Message.StartsWith("Sockt GET")), Is.EqualTo(3), "one line for each of the three requests");
            Assert.That(entries.Single(e => e.Message.Contains("answered 200")).Level, Is.EqualTo(LogLevel.Debug));
            Assert.That(entries.Single(e => e.Message.Contains("retry 1 of 3")).Level, Is.EqualTo(LogLevel.Information));
            Assert.That(entries.Single(e => e.Message.Contains("failed with 404")).Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(entries.Select(e => e.Category), Is.All.StartsWith("Sockt"));
        });
    }

    [Test]
    public async Task Client_disposal_leaves_a_caller_http_client_usable()
    {
        var stub = new StubHttpHandler();
        stub.OnJson("GET", "/v1/sandboxes/tiers", """{"tiers":[]}""");
        using var httpClient = new HttpClient(stub) { BaseAddress = TestClient.BaseUrl };
        var client = new ComputeClient(new ComputeClientOptions { ApiKey = TestClient.ApiKey }, httpClient);
        await client.ListTiersAsync();

        await client.DisposeAsync();
        using var response = await httpClient.GetAsync("/v1/sandboxes/tiers");

        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }
}
