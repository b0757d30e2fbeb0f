using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>
/// Callers without a known credential are limited per client address, whatever bearer string they make up, and
/// anonymous (Lightning) creates have their own, lower limit per address.
/// </summary>
internal sealed class AddressRateLimitTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options)
    {
        options.RateLimitPerMinute = 8;
        options.AnonymousCreatesPerMinute = 3;
    }

    [Test]
    public async Task Made_up_bearers_share_their_address_window_and_anonymous_creates_are_capped()
    {
        var creates = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var created = await Api.SendAsync(HttpMethod.Post, "/v1/sandboxes", RandomBearer(), new { tier = "nano", billing_method = "lightning" });
            creates.Add(created.Code);
        }

        var withKey = await Api.PostAsync("/v1/sandboxes", Key, new { tier = "nano", billing_method = "credits" });
        var reads = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            reads.Add((await Api.GetAsync("/v1/sandboxes/tiers", RandomBearer())).Code);
        }

        Assert.That(creates, Is.EqualTo(new[] { 201, 201, 201, 429 }), "the fourth anonymous create in a minute is refused");
        Assert.That(withKey.Code, Is.EqualTo(201), "an API key has its own window");
        Assert.That(reads[0], Is.EqualTo(200));
        Assert.That(reads, Does.Contain(429), "made-up bearers do not get a window each");
        Assert.That(creates.Count(c => c == 201) + reads.Count(c => c == 200), Is.LessThanOrEqualTo(8), "the address's window holds 8 requests: " + string.Join(",", reads));
        Assert.That(Directory.GetDirectories(Path.Combine(Emulator.DataDirectory, "sandboxes")), Has.Length.EqualTo(4), "3 Lightning homes and 1 credits home");
    }

    private static string RandomBearer() => "sockt_live_" + Guid.NewGuid().ToString("N");
}
