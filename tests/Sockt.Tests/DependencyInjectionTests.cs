using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>services.AddSockt registers a working ComputeClient through IHttpClientFactory, SDK handlers included.</summary>
[NonParallelizable]
public class DependencyInjectionTests
{
    [Test]
    public async Task Configured_in_code_the_client_runs_the_sdk_pipeline()
    {
        var stub = new StubHttpHandler();
        stub.On("GET", "/v1/sandboxes/sb_1", 503, Json.Envelope("pod_starting", "starting"))
            .OnJson("GET", "/v1/sandboxes/sb_1", Json.Status("running"));
        var time = new SteppingTimeProvider();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSockt(o =>
        {
            o.ApiKey = TestClient.ApiKey;
            o.SandboxToken = "sbx_di_token";
            o.BaseUrl = TestClient.BaseUrl;
            o.TimeProvider = time;
        }).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ComputeClient>();
        var sandbox = await client.GetSandboxAsync("sb_1");

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<ComputeClient>(), Is.SameAs(client));
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(stub.Requests, Has.Count.EqualTo(2), "the pod-starting retry handler is in the pipeline");
            Assert.That(stub.Requests[1].Authorization, Is.EqualTo("Bearer sbx_di_token"));
            Assert.That(stub.Requests[1].Query("sandbox_token"), Is.EqualTo("sbx_di_token"));
            Assert.That(time.Delays, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Streamed_file_reads_run_the_same_pipeline_under_add_sockt()
    {
        var stub = new StubHttpHandler();
        stub.On("POST", "/v1/sandboxes/sb_1/files/read", 503, Json.Envelope("pod_starting", "starting"))
            .OnJson("POST", "/v1/sandboxes/sb_1/files/read", """{"content":"AAEC","encoding":"base64","size_bytes":3}""");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSockt(o =>
        {
            o.ApiKey = TestClient.ApiKey;
            o.BaseUrl = TestClient.BaseUrl;
            o.TimeProvider = new SteppingTimeProvider();
        }).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ComputeClient>();

        var bytes = await new Sandbox(client.Core, "sb_1", null).ReadFileBytesAsync("a.bin");

        Assert.Multiple(() =>
        {
            Assert.That(bytes, Is.EqualTo(new byte[] { 0, 1, 2 }));
            Assert.That(stub.Requests, Has.Count.EqualTo(2), "the pod-starting retry handler is in the pipeline");
            Assert.That(stub.Requests[1].Authorization, Is.EqualTo($"Bearer {TestClient.ApiKey}"));
        });
    }

    [Test]
    public async Task Configuration_section_is_bound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sockt:ApiKey"] = "sockt_live_fromconfig",
            ["Sockt:SandboxToken"] = "sbx_fromconfig",
            ["Sockt:BaseUrl"] = "http://127.0.0.1:7450/",
            ["Sockt:Timeout"] = "00:00:30",
            ["Sockt:PodStartingRetry:MaxRetries"] = "0",
            ["Sockt:RequestBudget:RequestsPerMinute"] = "120",
            ["Sockt:RequestBudget:Burst"] = "20",
            ["Sockt:RequestBudget:MaxRetryAfter"] = "00:00:05",
        }).Build();
        var stub = new StubHttpHandler();
        stub.On("GET", "/v1/sandboxes/tiers", 503, Json.Envelope("pod_starting", "starting"));
        var services = new ServiceCollection();
        services.AddSockt(configuration.GetSection("Sockt")).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ComputeClient>();

        await Assert.ThrowsAsync<HostUnreachableException>(() => client.ListTiersAsync());

        Assert.Multiple(() =>
        {
            Assert.That(client.BaseUrl, Is.EqualTo(new Uri("http://127.0.0.1:7450")));
            Assert.That(client.Core.Settings.Timeout, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(stub.Requests, Has.Count.EqualTo(1), "MaxRetries=0 was bound");
            Assert.That(stub.Requests[0].Authorization, Is.EqualTo("Bearer sbx_fromconfig"));
            Assert.That(client.Core.Settings.BudgetRequestsPerMinute, Is.EqualTo(120));
            Assert.That(client.Core.Settings.BudgetBurst, Is.EqualTo(20));
            Assert.That(client.Core.Settings.MaxRetryAfter, Is.EqualTo(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public async Task Calling_add_sockt_twice_adds_configuration_but_not_a_second_pipeline()
    {
        var stub = new StubHttpHandler();
        stub.On("GET", "/v1/sandboxes/tiers", 503, Json.Envelope("pod_starting", "starting"));
        var services = new ServiceCollection();
        services.AddSockt(o =>
        {
            o.BaseUrl = TestClient.BaseUrl;
            o.TimeProvider = new SteppingTimeProvider();
        });
        services.AddSockt(o => o.PodStartingRetry.MaxRetries = 1).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<HostUnreachableException>(() => provider.GetRequiredService<ComputeClient>().ListTiersAsync());

        Assert.That(stub.Requests, Has.Count.EqualTo(2), "one retry handler, configured by the second call");
    }

    [Test]
    public async Task Each_request_is_logged_once_under_add_sockt()
    {
        var stub = new StubHttpHandler();
        stub.OnJson("GET", "/v1/sandboxes/tiers", """{"tiers":[]}""");
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddFakeLogging().SetMinimumLevel(LogLevel.Trace));
        services.AddSockt(o => o.BaseUrl = TestClient.BaseUrl).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ComputeClient>().ListTiersAsync();
        await provider.GetRequiredService<ComputeClient>().ListTiersAsync();

        var lines = provider.GetFakeLogCollector().GetSnapshot();
        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.Message), Is.EqualTo(new[] { "Sockt GET /v1/sandboxes/tiers answered 200 in", "Sockt GET /v1/sandboxes/tiers answered 200 in" }).Using<string, string>((actual, expected) => actual.StartsWith(expected, StringComparison.Ordinal)));
            Assert.That(lines.Select(l => l.Category), Is.All.EqualTo("Sockt.Http"), "no System.Net.Http.HttpClient.Sockt.* lines from the factory");
        });
    }
}
