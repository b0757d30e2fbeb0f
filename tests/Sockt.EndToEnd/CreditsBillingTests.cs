using Sockt.EndToEnd.Infrastructure;
using Sockt.Emulator;

namespace Sockt.EndToEnd;

/// <summary>Credits billing: 402 when the account cannot pay, and a sandbox that runs out pauses.</summary>
public class CreditsBillingTests : EmulatorTestBase
{
    private const string PoorApiKey = "sockt_live_e2e-poor-account";

    protected override void Configure(SocktEmulatorOptions options) => options.ApiKeys.Add(PoorApiKey);

    [Test]
    public async Task Creating_beyond_the_account_balance_is_refused_with_402()
    {
        await Emulator.SetCreditsAsync(PoorApiKey, 10);
        using var poor = NewClient(PoorApiKey);

        var error = await Assert.ThrowsAsync<TopUpFailedException>(async () => await poor.CreateSandboxAsync("nano", initialCreditsCents: 11));

        Assert.That(error!.StatusCode, Is.EqualTo(402));
        Assert.That(error.Slug, Is.EqualTo("insufficient_credits"));
    }

    [Test]
    public async Task A_sandbox_that_runs_out_of_credits_pauses_warns_and_refuses_commands_with_402()
    {
        // The allocation pays first, then the account: leave the account empty so that 1 cent (about 3610 s on nano) is all.
        await Emulator.SetCreditsAsync(PoorApiKey, 1);
        using var poor = NewClient(PoorApiKey);
        var sandbox = await RunningSandboxAsync(poor, initialCreditsCents: 1);
        var warnings = new List<WarningLevel>();
        sandbox.LowBalance += (_, e) => warnings.Add(e.Warning.WarningLevel);
        sandbox.OutOfBalance += (_, e) => warnings.Add(e.Warning.WarningLevel);

        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(3400));
        await sandbox.RefreshStatusAsync();
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(400));
        var status = await sandbox.RefreshStatusAsync();

        Assert.That(warnings, Is.EqualTo(new[] { WarningLevel.LowBalance, WarningLevel.OutOfBalance }));
        Assert.That(status.Status, Is.EqualTo(SandboxState.Paused));
        var error = await Assert.ThrowsAsync<TopUpFailedException>(async () => await sandbox.ExecAsync("echo no-credits"));
        Assert.That(error!.StatusCode, Is.EqualTo(402));
        await Assert.CatchAsync<TopUpFailedException>(async () => await sandbox.ResumeAsync());
        await sandbox.TerminateAsync();
    }
}
