using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class TierTests : EmulatorTestBase
{
    [Test]
    public async Task Tiers_are_served_anonymously_in_the_documented_wrapper()
    {
        var response = await Api.GetAsync("/v1/sandboxes/tiers");

        Assert.That(response.Code, Is.EqualTo(200));
        Assert.That(response.Str("note"), Does.Contain("msats_per_second"));
        var tiers = response["tiers"].AsArray();
        Assert.That(tiers.Select(t => t!["tier"]!.GetValue<string>()), Is.EqualTo(new[] { "nano", "micro", "small", "medium", "large", "gpu-small" }));
        Assert.That(tiers.Select(t => t!["name"]!.GetValue<string>()), Is.EqualTo(tiers.Select(t => t!["tier"]!.GetValue<string>())));
    }

    [Test]
    public async Task Nano_and_micro_match_the_documented_prices()
    {
        var tiers = (await Api.GetAsync("/v1/sandboxes/tiers"))["tiers"].AsArray();
        var nano = tiers[0]!;
        var micro = tiers[1]!;

        Assert.Multiple(() =>
        {
            Assert.That(nano["msats_per_second"]!.GetValue<long>(), Is.EqualTo(500));
            Assert.That(nano["sats_per_second"]!.GetValue<double>(), Is.EqualTo(0.5));
            Assert.That(nano["usd_cents_per_second"]!.GetValue<double>(), Is.EqualTo(0.000277));
            Assert.That(nano["cost_per_minute_sats"]!.GetValue<double>(), Is.EqualTo(30));
            Assert.That(nano["cost_per_hour_sats"]!.GetValue<double>(), Is.EqualTo(1800));
            Assert.That(nano["cost_per_day_sats"]!.GetValue<double>(), Is.EqualTo(43200));
            Assert.That(nano["cost_per_hour_usd"]!.GetValue<double>(), Is.EqualTo(0.01));
            Assert.That(micro["msats_per_second"]!.GetValue<long>(), Is.EqualTo(1000));
            Assert.That(micro["usd_cents_per_second"]!.GetValue<double>(), Is.EqualTo(0.000555));
            Assert.That(tiers[5]!["msats_per_second"]!.GetValue<long>(), Is.EqualTo(25000));
        });
    }

    [Test]
    public async Task The_spec_is_served_at_openapi_yaml()
    {
        var response = await Api.GetAsync("/openapi.yaml");

        Assert.That(response.Code, Is.EqualTo(200));
        Assert.That(response.Text, Does.StartWith("openapi: 3.0.3"));
        Assert.That(response.Text, Is.EqualTo(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "spec", "sockt.openapi.yaml"))));
    }

    [Test]
    public async Task Unknown_paths_answer_the_envelope()
    {
        var response = await Api.GetAsync("/v2/nothing");

        Assert.That(response.Code, Is.EqualTo(404));
        Assert.That(response.ErrorCode, Is.EqualTo("not_found"));
    }
}
