using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>No API key or sandbox token in exception messages, ToString() output or logs.</summary>
public class RedactionTests
{
    private static void AssertClean(string? text)
    {
        Assert.That(text, Does.Not.Contain(TestClient.ApiKey).And.Not.Contain(TestClient.SandboxToken).And.Not.Contain("a1b2c3d4e5f6g7h8"));
    }

    [Test]
    public void Options_client_and_sandbox_descriptions_hide_credentials()
    {
        var options = new ComputeClientOptions { ApiKey = TestClient.ApiKey, SandboxToken = TestClient.SandboxToken, BaseUrl = TestClient.BaseUrl };
        using var test = new TestClient(o => o.SandboxToken = TestClient.SandboxToken);
        var sandbox = test.Sandbox(ownToken: TestClient.SandboxToken);

        Assert.Multiple(() =>
        {
            AssertClean(options.ToString());
            AssertClean(test.Client.ToString());
            AssertClean(sandbox.ToString());
            Assert.That(options.ToString(), Does.Contain("ApiKey=sockt_live_***").And.Contain("SandboxToken=sbx_***"));
            Assert.That(test.Client.ToString(), Does.Contain("127.0.0.1:7450"));
            Assert.That(sandbox.ToString(), Does.Contain("sb_1"));
        });
    }

    [Test]
    public async Task Error_bodies_echoing_credentials_are_scrubbed()
    {
        using var test = new TestClient(o => o.SandboxToken = TestClient.SandboxToken);
        var echo = $$"""{"code":"unauthorized","message":"token {{TestClient.SandboxToken}} and key {{TestClient.ApiKey}} rejected at /v1/sandboxes/sb_1?sandbox_token={{TestClient.SandboxToken}}","hint":"check sbx_othertoken99"}""";
        test.Stub.On("GET", "/v1/sandboxes/sb_1", 401, echo);

        var exception = await Assert.ThrowsAsync<AuthenticationException>(() => test.Client.GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            AssertClean(exception!.Message);
            AssertClean(exception.RawBody);
            AssertClean(exception.Hint);
            AssertClean(exception.ToString());
            Assert.That(exception.Hint, Does.Not.Contain("sbx_othertoken99"));
            Assert.That(exception.Message, Does.Contain("rejected"));
        });
    }

    [Test]
    public async Task Logs_never_contain_credentials_or_the_query()
    {
        using var test = new TestClient(o => o.SandboxToken = TestClient.SandboxToken);
        test.Stub.OnJson("GET", "/v1/sandboxes/sb_1", Json.Status("running"))
            .On("GET", "/v1/sandboxes/sb_1/files", 503, Json.Envelope("pod_starting", $"starting, token {TestClient.SandboxToken}"));

        var sandbox = await test.Client.GetSandboxAsync("sb_1");
        await Assert.ThrowsAsync<HostUnreachableException>(() => sandbox.ListFilesAsync());

        var logs = test.Logs.AllText();
        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests.First().Query("sandbox_token"), Is.EqualTo(TestClient.SandboxToken), "the token was on the wire");
            AssertClean(logs);
            Assert.That(logs, Does.Not.Contain("sandbox_token"));
            Assert.That(logs, Does.Contain("GET /v1/sandboxes/sb_1"));
            Assert.That(test.Logs.GetSnapshot().Any(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("503")), Is.True);
        });
    }

    [Test]
    public async Task Connection_errors_are_scrubbed()
    {
        using var test = new TestClient(o => o.SandboxToken = TestClient.SandboxToken);
        test.Stub.On("GET", "/v1/sandboxes/sb_1", _ => throw new HttpRequestException($"failed for http://127.0.0.1:7450/v1/sandboxes/sb_1?sandbox_token={TestClient.SandboxToken}"));

        var exception = await Assert.ThrowsAsync<SocktException>(() => test.Client.GetSandboxAsync("sb_1"));

        AssertClean(exception!.Message);
        AssertClean(test.Logs.AllText());
    }
}
