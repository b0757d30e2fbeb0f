using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class RateLimitTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.RateLimitPerMinute = 5;

    [Test]
    public async Task The_limit_answers_plain_text_429_per_credential()
    {
        var id = await NewSandboxAsync();
        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await Api.GetAsync($"/v1/sandboxes/{id}", Key)).Code);
        }

        var limited = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        var anonymous = await Api.GetAsync("/v1/sandboxes/tiers");
        var control = await Api.GetAsync("/_emulator/health", Admin);

        Assert.That(codes, Is.All.EqualTo(200));
        Assert.That(limited.Code, Is.EqualTo(429));
        Assert.That(limited.MediaType, Is.EqualTo("text/plain"));
        Assert.That(limited.Text, Is.EqualTo("rate limited"));
        Assert.That(anonymous.Code, Is.EqualTo(200), "another credential has its own window");
        Assert.That(control.Code, Is.EqualTo(200), "emulator endpoints are not limited");
    }
}
