using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>
/// A billing notice raised right after the shell dial returns reaches the client. The hook holds the server between
/// accepting the WebSocket and starting the terminal, the widest gap a notice could fall into, so the test is
/// deterministic rather than a race that usually passes.
/// </summary>
internal sealed class ShellNoticeRaceTests : EmulatorTestBase
{
    private TaskCompletionSource? gate;

    protected override void Configure(SocktEmulatorOptions options) =>
        options.ShellAcceptedHook = () => gate?.Task ?? Task.CompletedTask;

    [Test]
    public async Task A_notice_raised_between_accept_and_terminal_start_is_delivered()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 1000);
        await Emulator.PayInvoiceAsync(sandbox.PaymentHash);
        await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");
        var url = new Uri((await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}/shell-url?sandbox_token={sandbox.Token}")).Str("url") + "?sandbox_token=" + sandbox.Token);
        gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var shell = await ShellClient.ConnectAsync(url, bearer: null);
            await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800));
            gate.SetResult();

            await shell.ReadUntilAsync(c => c.Frames.Any(f => f.Type == "deposit_required"), "billing frames raised before the terminal started", TimeSpan.FromSeconds(10));
            Assert.That(shell.Frames.Select(f => f.Type).Where(t => t != "stdout"), Is.EqualTo(new[] { "low_balance", "deposit_required" }));
        }
        finally
        {
            gate.TrySetResult();
        }
    }
}
