using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>A configured public URL is served and is what <c>shell-url</c> answers; extra allowed hosts are served.</summary>
internal sealed class ConfiguredHostTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options)
    {
        options.PublicUrl = new Uri("https://sockt.test:8443/emulator/");
        options.AllowedHosts.Add("dev-box.internal");
    }

    [Test]
    public async Task Shell_url_uses_the_public_url_and_configured_hosts_are_served()
    {
        using var raw = new RawHttp(Emulator.BaseUrl);
        var id = await NewSandboxAsync();

        var viaLoopback = await raw.SendAsync(HttpMethod.Get, $"/v1/sandboxes/{id}/shell-url", Key);
        var viaPublicName = await raw.SendAsync(HttpMethod.Get, $"/v1/sandboxes/{id}/shell-url", Key, host: "sockt.test:8443");
        var viaAllowed = await raw.SendAsync(HttpMethod.Get, "/v1/sandboxes/tiers", host: "dev-box.internal");
        var other = await raw.SendAsync(HttpMethod.Get, "/v1/sandboxes/tiers", host: "other.internal");

        var expected = $"wss://sockt.test:8443/emulator/v1/sandboxes/{id}/shell";
        Assert.That(viaLoopback.Json?["url"]?.GetValue<string>(), Is.EqualTo(expected));
        Assert.That(viaPublicName.Json?["url"]?.GetValue<string>(), Is.EqualTo(expected));
        Assert.That(viaAllowed.Code, Is.EqualTo(200));
        Assert.That(other.Code, Is.EqualTo(421));
    }
}
