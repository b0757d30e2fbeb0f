using System.Text.Encodings.Web;
using System.Text.Json;
using Snapshooter.NUnit;
using Sockt.AI.Tests.Infrastructure;

namespace Sockt.AI.Tests.Functions;

/// <summary>What a model is shown of the sandbox-bound set: names, descriptions and schemas (snapshotted).</summary>
public sealed class ToolSetTests : AgentEmulatorFixture
{
    [Test]
    public async Task A_set_bound_to_one_sandbox_offers_four_tools_without_sandbox_id()
    {
        var sandbox = await Client.CreateSandboxAsync("nano", BillingMethod.Credits);
        try
        {
            await using var tools = SocktTools.ForSandbox(sandbox);
            var shown = tools.Functions.Select(f => new { name = f.Name, description = f.Description, schema = f.JsonSchema });
            Snapshot.Match(JsonSerializer.Serialize(shown, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        }
        finally
        {
            await sandbox.TerminateAsync();
        }
    }

    [Test]
    public void Limits_parse_from_flags_and_environment_and_name_what_is_wrong()
    {
        var limits = new SocktToolLimits();
        limits.SetFromEnvironment(name => name switch
        {
            "SOCKT_MAX_SANDBOXES" => "4",
            "SOCKT_MAX_LIFETIME" => "30m",
            "SOCKT_ALLOWED_TIERS" => "micro, small",
            "SOCKT_MAX_SPEND_SATS" => "none",
            "SOCKT_MAX_SPEND_CENTS" => "12.5",
            "SOCKT_MAX_COMMAND_TIMEOUT" => "90",
            _ => null,
        });

        Assert.That(limits.MaxSandboxes, Is.EqualTo(4));
        Assert.That(limits.MaxSandboxLifetime, Is.EqualTo(TimeSpan.FromMinutes(30)));
        Assert.That(limits.AllowedTiers, Is.EqualTo(new[] { "micro", "small" }));
        Assert.That(limits.MaxSpendSats, Is.Null);
        Assert.That(limits.MaxSpendCents, Is.EqualTo(12.5m));
        Assert.That(limits.MaxCommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(limits.DefaultCommandTimeout, Is.EqualTo(TimeSpan.FromSeconds(60)));
        limits.Validate();

        var bad = Assert.Throws<ArgumentException>(() => limits.SetFromEnvironment(name => name == "SOCKT_MAX_LIFETIME" ? "forever" : null));
        Assert.That(bad!.Message, Does.StartWith("SOCKT_MAX_LIFETIME: 'forever' is not a valid max_lifetime"));
        Assert.Throws<ArgumentException>(() => limits.Set("max_everything", "1"));
    }
}
