using Sockt.Internal;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Constructor value &gt; SOCKT_* environment variable &gt; default, field by field.</summary>
[NonParallelizable]
public class ConfigurationTests
{
    private static readonly string[] Variables = [ClientSettings.ApiKeyVariable, ClientSettings.SandboxTokenVariable, ClientSettings.ApiUrlVariable];
    private Dictionary<string, string?> _saved = [];

    [SetUp]
    public void SaveEnvironment()
    {
        _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        foreach (var variable in Variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TearDown]
    public void RestoreEnvironment()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }
    }

    [Test]
    public void Defaults_apply_when_nothing_is_set()
    {
        var settings = ClientSettings.Resolve(new ComputeClientOptions(), Environment.GetEnvironmentVariable);

        Assert.Multiple(() =>
        {
            Assert.That(settings.BaseUrl, Is.EqualTo(new Uri("https://api.sockt.dev")));
            Assert.That(settings.Timeout, Is.EqualTo(TimeSpan.FromSeconds(120)));
            Assert.That(settings.ApiKey, Is.Null);
            Assert.That(settings.SandboxToken, Is.Null);
            Assert.That(settings.PodStartingMaxRetries, Is.EqualTo(3));
            Assert.That(settings.PodStartingDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(settings.ExecPollInterval, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
            Assert.That(settings.WaitPollInterval, Is.EqualTo(TimeSpan.FromSeconds(2)));
            Assert.That(settings.WaitTimeout, Is.EqualTo(TimeSpan.FromSeconds(120)));
            Assert.That(settings.DefaultCredential.Bearer, Is.Null);
        });
    }

    [Test]
    public void Environment_fills_what_the_constructor_left_out()
    {
        Environment.SetEnvironmentVariable(ClientSettings.ApiKeyVariable, "sockt_live_fromenv");
        Environment.SetEnvironmentVariable(ClientSettings.SandboxTokenVariable, "sbx_fromenv");
        Environment.SetEnvironmentVariable(ClientSettings.ApiUrlVariable, "http://127.0.0.1:7450/");

        using var client = new ComputeClient();

        Assert.Multiple(() =>
        {
            Assert.That(client.Core.Settings.ApiKey, Is.EqualTo("sockt_live_fromenv"));
            Assert.That(client.Core.Settings.SandboxToken, Is.EqualTo("sbx_fromenv"));
            Assert.That(client.BaseUrl.ToString(), Is.EqualTo("http://127.0.0.1:7450/"));
            Assert.That(client.Core.Settings.DefaultCredential.Bearer, Is.EqualTo("sbx_fromenv"), "a sandbox token wins over an API key");
        });
    }

    [Test]
    public void Constructor_values_win_over_the_environment()
    {
        Environment.SetEnvironmentVariable(ClientSettings.ApiKeyVariable, "sockt_live_fromenv");
        Environment.SetEnvironmentVariable(ClientSettings.ApiUrlVariable, "http://127.0.0.1:1/");

        using var client = new ComputeClient(apiKey: "sockt_live_explicit", baseUrl: new Uri("http://127.0.0.1:7450"), timeout: TimeSpan.FromSeconds(5));

        Assert.Multiple(() =>
        {
            Assert.That(client.Core.Settings.ApiKey, Is.EqualTo("sockt_live_explicit"));
            Assert.That(client.BaseUrl, Is.EqualTo(new Uri("http://127.0.0.1:7450")));
            Assert.That(client.Core.Settings.Timeout, Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(client.Core.Settings.DefaultCredential.Bearer, Is.EqualTo("sockt_live_explicit"));
        });
    }

    [Test]
    public void Trailing_slashes_of_the_url_are_trimmed_and_a_path_prefix_is_kept()
    {
        Environment.SetEnvironmentVariable(ClientSettings.ApiUrlVariable, "http://127.0.0.1:7450/prefix///");

        var settings = ClientSettings.Resolve(new ComputeClientOptions(), Environment.GetEnvironmentVariable);

        Assert.That(settings.BaseUrl.ToString(), Is.EqualTo("http://127.0.0.1:7450/prefix"));
    }

    [Test]
    public async Task A_path_prefix_in_the_base_url_prefixes_every_request()
    {
        using var test = new TestClient(o => o.BaseUrl = new Uri("http://127.0.0.1:7450/api/"));
        test.Stub.OnJson("GET", "/api/v1/sandboxes/tiers", """{"tiers":[]}""");

        await test.Client.ListTiersAsync();

        Assert.That(test.Stub.Requests.Single().Path, Is.EqualTo("/api/v1/sandboxes/tiers"));
    }

    [Test]
    public void Empty_environment_values_count_as_unset()
    {
        Environment.SetEnvironmentVariable(ClientSettings.ApiKeyVariable, "  ");

        var settings = ClientSettings.Resolve(new ComputeClientOptions(), Environment.GetEnvironmentVariable);

        Assert.That(settings.ApiKey, Is.Null);
    }

    [Test]
    public void Invalid_environment_url_is_rejected()
    {
        Environment.SetEnvironmentVariable(ClientSettings.ApiUrlVariable, "not a url");

        Assert.Throws<ArgumentException>(() => ClientSettings.Resolve(new ComputeClientOptions(), Environment.GetEnvironmentVariable));
    }

    [TestCase(nameof(ComputeClientOptions.ExecPollInterval))]
    [TestCase(nameof(ComputeClientOptions.WaitPollInterval))]
    [TestCase(nameof(ComputeClientOptions.WaitTimeout))]
    [TestCase(nameof(ComputeClientOptions.Timeout))]
    public void Non_positive_durations_in_options_are_rejected(string property)
    {
        var options = new ComputeClientOptions();
        typeof(ComputeClientOptions).GetProperty(property)!.SetValue(options, TimeSpan.Zero);

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeClient(options));

        Assert.That(exception!.Message, Does.Contain(property));
    }

    [Test]
    public void Negative_retry_count_is_rejected()
    {
        var options = new ComputeClientOptions();
        options.PodStartingRetry.MaxRetries = -1;

        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeClient(options));
    }

    [Test]
    public void Options_are_copied_at_construction()
    {
        var options = new ComputeClientOptions { ApiKey = "sockt_live_first", BaseUrl = TestClient.BaseUrl };
        using var client = new ComputeClient(options);

        options.ApiKey = "sockt_live_second";

        Assert.That(client.Core.Settings.ApiKey, Is.EqualTo("sockt_live_first"));
    }

    [Test]
    public async Task Caller_http_client_base_address_is_used_when_no_base_url_is_set()
    {
        var stub = new StubHttpHandler();
        stub.OnJson("GET", "/prefix/v1/sandboxes/tiers", """{"tiers":[]}""");
        using var httpClient = new HttpClient(stub) { BaseAddress = new Uri("http://127.0.0.1:7450/prefix/") };
        using var client = new ComputeClient(new ComputeClientOptions { ApiKey = TestClient.ApiKey }, httpClient);

        await client.ListTiersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(client.BaseUrl, Is.EqualTo(new Uri("http://127.0.0.1:7450/prefix")));
            Assert.That(stub.Requests.Single().Path, Is.EqualTo("/prefix/v1/sandboxes/tiers"));
        });
    }
}
