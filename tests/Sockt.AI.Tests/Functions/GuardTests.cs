using Microsoft.Extensions.Time.Testing;
using Sockt.AI.Tests.Infrastructure;

namespace Sockt.AI.Tests.Functions;

/// <summary>Each limit of the guard, hit through the functions, comes back as a result naming it; nothing throws.</summary>
public sealed class GuardTests : AgentEmulatorFixture
{
    [Test]
    public async Task Max_sandboxes_refuses_a_create_until_one_is_terminated()
    {
        var options = new SocktToolsOptions();
        options.Limits.MaxSandboxes = 1;
        await using var tools = SocktTools.ForClient(Client, options);
        var first = (await ToolCalls.CallAsync(tools, SocktToolNames.CreateSandbox)).SandboxId();

        var refused = await ToolCalls.CallAsync(tools, SocktToolNames.CreateSandbox);
        Assert.That(refused.Error(), Is.EqualTo(SocktToolErrors.LimitExceeded));
        Assert.That(refused.Text("limit"), Is.EqualTo(SocktLimitNames.MaxSandboxes));
        Assert.That(refused.Text("message"), Does.Contain(first));

        var terminated = await ToolCalls.CallAsync(tools, SocktToolNames.TerminateSandbox, new() { ["sandbox_id"] = first });
        Assert.That(terminated.Text("status"), Is.EqualTo("terminated"));
        Assert.That(await StateOfAsync(first), Is.EqualTo("terminated"));
        Assert.That((await ToolCalls.CallAsync(tools, SocktToolNames.CreateSandbox)).Error(), Is.Null);
    }

    [Test]
    public async Task Allowed_tiers_refuses_another_tier()
    {
        await using var tools = SocktTools.ForClient(Client);
        var refused = await ToolCalls.CallAsync(tools, SocktToolNames.CreateSandbox, new() { ["tier"] = "large" });
        Assert.That(refused.Text("limit"), Is.EqualTo(SocktLimitNames.AllowedTiers));
        Assert.That(refused.Text("message"), Does.Contain("nano, micro"));
    }

    [Test]
    public async Task Max_command_timeout_refuses_a_longer_timeout_before_running_anything()
    {
        var options = new SocktToolsOptions();
        options.Limits.MaxCommandTimeout = TimeSpan.FromSeconds(10);
        options.Limits.DefaultCommandTimeout = TimeSpan.FromSeconds(5);
        await using var tools = SocktTools.ForClient(Client, options);
        var sandboxId = (await ToolCalls.CallAsync(tools, SocktToolNames.CreateSandbox)).SandboxId();

        var refused = await ToolCalls.CallAsync(tools, SocktToolNames.RunCommand, new() { ["sandbox_id"] = sandboxId, ["command"] = "touch ran", ["timeout_seconds"] = 60 });
        Assert.That(refused.Text("limit"), Is.EqualTo(SocktLimitNames.MaxCommandTimeout));
        Assert.That(refused.Text("message"), Does.Contain("ceiling of 10 seconds"));
        var listing = await ToolCalls.CallAsync(tools, SocktToolNames.ListFiles, new() { ["sandbox_id"] = sandboxId });
        Assert.That(listing.GetProperty("entries").EnumerateArray().Select(e => e.Text("name")), Does.Not.Contain("ran"));
    }

    [Test]
    public async Task Max_lifetime_terminates_the_sandbox_and_later_calls_name_the_limit()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SocktToolsOptions { TimeProvider = clock };
        options.Limits.MaxSandboxLifetime = TimeSpan.FromMinutes(5);
        await using var tools = SocktTools.ForClient(Client, options);
        var sandboxId = (await ToolCalls.CallAsync(tools, SocktToolNames.CreateSandbox)).SandboxId();

        clock.Advance(TimeSpan.FromMinutes(6));

        await Poll.UntilAsync(() => StateOfAsync(sandboxId), state => state == "terminated", "the sandbox to be terminated at the end of its lifetime");
        var refused = await ToolCalls.CallAsync(tools, SocktToolNames.RunCommand, new() { ["sandbox_id"] = sandboxId, ["command"] = "echo hi" });
        Assert.That(refused.Text("limit"), Is.EqualTo(SocktLimitNames.MaxLifetime));
        Assert.That(refused.Text("message"), Does.Contain("5 min"));
    }

    [Test]
    public async Task A_sandbox_the_tools_did_not_create_is_unknown_to_them()
    {
        var foreign = await Client.CreateSandboxAsync("nano", BillingMethod.Credits);
        try
        {
            await using var tools = SocktTools.ForClient(Client);
            var refused = await ToolCalls.CallAsync(tools, SocktToolNames.TerminateSandbox, new() { ["sandbox_id"] = foreign.Id });
            Assert.That(refused.Error(), Is.EqualTo(SocktToolErrors.UnknownSandbox));
            Assert.That(await StateOfAsync(foreign.Id), Is.Not.EqualTo("terminated"));
        }
        finally
        {
            await foreign.TerminateAsync();
        }
    }
}
