using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>
/// A web page can make a browser send requests to 127.0.0.1 (CSRF) or rebind its own name to it (DNS rebinding);
/// neither may drive the emulator.
/// </summary>
internal sealed class BrowserSafetyTests : EmulatorTestBase
{
    private RawHttp raw = null!;

    [OneTimeSetUp]
    public void CreateRawClient() => raw = new RawHttp(Emulator.BaseUrl);

    [OneTimeTearDown]
    public void DisposeRawClient() => raw?.Dispose();

    [TestCase("text/plain")]
    [TestCase("text/plain; charset=utf-8")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("multipart/form-data; boundary=x")]
    [TestCase("application/json; charset=iso-8859-1")]
    [TestCase(null)]
    public async Task A_body_that_is_not_declared_json_gets_415_and_does_nothing(string? contentType)
    {
        var before = await SandboxCountAsync();

        var anonymous = await raw.SendAsync(HttpMethod.Post, "/v1/sandboxes", body: "{\"tier\":\"nano\",\"billing_method\":\"lightning\"}"u8.ToArray(), contentType: contentType);
        var withKey = await raw.SendAsync(HttpMethod.Post, "/v1/sandboxes", Key, "{\"tier\":\"nano\"}"u8.ToArray(), contentType);
        var admin = await raw.SendAsync(HttpMethod.Post, "/_emulator/clock/advance", Admin, "{\"seconds\":5}"u8.ToArray(), contentType);

        foreach (var response in new[] { anonymous, withKey, admin })
        {
            Assert.That((response.Code, response.ErrorCode, response.IsEnvelope), Is.EqualTo((415, "unsupported_media_type", true)), response.ToString());
        }

        Assert.That(await SandboxCountAsync(), Is.EqualTo(before), "no sandbox was created");
    }

    [TestCase("application/json")]
    [TestCase("application/json; charset=utf-8")]
    [TestCase("Application/JSON; charset=UTF-8")]
    public async Task A_json_body_is_accepted(string contentType)
    {
        var created = await raw.PostJsonAsync("/v1/sandboxes", Key, "{\"tier\":\"nano\"}", contentType);

        Assert.That(created.Code, Is.EqualTo(201), created.ToString());
    }

    [TestCase("rebind.example")]
    [TestCase("rebind.example:80")]
    [TestCase("127.0.0.1.nip.io")]
    [TestCase("10.0.0.1")]
    public async Task A_host_the_emulator_does_not_serve_gets_421(string host)
    {
        var before = await SandboxCountAsync();

        var tiers = await raw.SendAsync(HttpMethod.Get, "/v1/sandboxes/tiers", host: host);
        var create = await raw.PostJsonAsync("/v1/sandboxes", null, "{\"tier\":\"nano\",\"billing_method\":\"lightning\"}", host: host);
        var admin = await raw.SendAsync(HttpMethod.Get, "/_emulator/health", Admin, host: host);
        var spec = await raw.SendAsync(HttpMethod.Get, "/openapi.yaml", host: host);

        foreach (var response in new[] { tiers, create, admin, spec })
        {
            Assert.That((response.Code, response.ErrorCode, response.IsEnvelope), Is.EqualTo((421, "invalid_host", true)), response.ToString());
        }

        Assert.That(await SandboxCountAsync(), Is.EqualTo(before));
    }

    [TestCase("localhost")]
    [TestCase("LOCALHOST")]
    [TestCase("127.0.0.1")]
    [TestCase("[::1]")]
    public async Task Loopback_names_are_served(string name)
    {
        var response = await raw.SendAsync(HttpMethod.Get, "/v1/sandboxes/tiers", host: $"{name}:{Emulator.BaseUrl.Port}");

        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
    }

    [Test]
    public async Task A_request_from_another_origin_is_refused()
    {
        var foreign = await raw.SendAsync(HttpMethod.Get, "/v1/sandboxes/tiers", headers: new Dictionary<string, string> { ["Origin"] = "https://attacker.example" });
        var own = await raw.SendAsync(HttpMethod.Get, "/v1/sandboxes/tiers", headers: new Dictionary<string, string> { ["Origin"] = $"http://localhost:{Emulator.BaseUrl.Port}" });

        Assert.That((foreign.Code, foreign.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That(own.Code, Is.EqualTo(200));
    }

    [TestCase("http://localhost")]
    [TestCase("https://attacker.example")]
    public async Task A_preflight_gets_no_cors_headers(string origin)
    {
        var preflight = await raw.SendAsync(HttpMethod.Options, "/v1/sandboxes", headers: new Dictionary<string, string>
        {
            ["Origin"] = origin,
            ["Access-Control-Request-Method"] = "POST",
            ["Access-Control-Request-Headers"] = "authorization, content-type",
        });

        Assert.That(preflight.HeaderNames.Where(h => h.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase)), Is.Empty, preflight.ToString());
        Assert.That(preflight.Code, Is.GreaterThanOrEqualTo(400));
    }

    [TestCase("rebind.example")]
    [TestCase("localhost")]
    public async Task Shell_url_is_built_from_the_emulator_address_whatever_the_host_says(string host)
    {
        var id = await NewSandboxAsync();

        var response = await raw.SendAsync(HttpMethod.Get, $"/v1/sandboxes/{id}/shell-url", Key, host: $"{host}:{Emulator.BaseUrl.Port}");

        var expected = host == "localhost" ? $"ws://127.0.0.1:{Emulator.BaseUrl.Port}/v1/sandboxes/{id}/shell" : null;
        Assert.That(response.Json?["url"]?.GetValue<string>(), Is.EqualTo(expected), response.ToString());
    }

    private async Task<int> SandboxCountAsync() => (await Api.GetAsync("/_emulator/sandboxes", Admin))["sandboxes"].AsArray().Count;
}
