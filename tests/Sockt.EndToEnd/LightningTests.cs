using Sockt.EndToEnd.Infrastructure;
using Sockt.Models;

namespace Sockt.EndToEnd;

/// <summary>
/// Lightning billing end to end: the creation invoice, paying it, the sandbox token, and the billing events raised
/// by real status changes as the emulator's clock drains the balance.
/// </summary>
public class LightningTests : EmulatorTestBase
{
    [Test]
    public async Task Created_sandbox_waits_for_its_invoice_then_runs_with_its_own_token()
    {
        var sandbox = await Client.CreateSandboxAsync("nano", BillingMethod.Lightning, prepaidSats: 3000);

        Assert.That(sandbox.Status, Is.EqualTo(SandboxState.AwaitingPayment));
        Assert.That(sandbox.BillingMethod, Is.EqualTo(BillingMethod.Lightning));
        Assert.That(sandbox.PendingInvoice!.Bolt11, Does.StartWith("lnbc"));
        Assert.That(sandbox.PendingInvoice.AmountMsats, Is.EqualTo(3_000_000));
        Assert.That(sandbox.SandboxToken, Does.StartWith("sbx_"));
        await Assert.CatchAsync<SandboxNotRunningException>(async () => await sandbox.WaitUntilRunningAsync(timeout: TimeSpan.FromMilliseconds(200)), "unpaid, it does not start");
        await Assert.CatchAsync<TopUpFailedException>(async () => await sandbox.ExecAsync("echo unpaid"));

        await Emulator.PayInvoiceAsync(sandbox.PendingInvoice.PaymentHash!);
        await sandbox.WaitUntilRunningAsync();

        Assert.That(sandbox.PendingInvoice, Is.Null, "paid");
        Assert.That((await sandbox.ExecAsync("echo 'Paid with Lightning!'")).Stdout, Is.EqualTo("Paid with Lightning!\n"));

        // A client holding only the sandbox token (Python: ComputeClient(sandbox_token=...)) reaches the same sandbox.
        using var tokenClient = NewClient(apiKey: null, sandboxToken: sandbox.SandboxToken);
        var reopened = await tokenClient.GetSandboxAsync(sandbox.Id);
        Assert.That(reopened.Status, Is.EqualTo(SandboxState.Running));
        Assert.That((await reopened.ExecAsync("echo via-token")).Stdout, Is.EqualTo("via-token\n"));

        // One API-key client can also reopen it with the saved token.
        var again = await Client.GetSandboxAsync(sandbox.Id, sandbox.SandboxToken);
        Assert.That((await again.ListFilesAsync()).Select(e => e.Name), Does.Contain(".profile"));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task Billing_events_fire_from_real_status_changes_and_paying_the_top_up_resumes()
    {
        // 1000 sats on nano (500 msats/s) last 2000 s; the emulator warns below 300 s left.
        var sandbox = await RunningLightningSandboxAsync(prepaidSats: 1000);
        var invoices = new List<PendingInvoice>();
        var invoiceEvents = new List<PendingInvoice>();
        var lowBalance = new List<BillingWarning>();
        var outOfBalance = new List<BillingWarning>();
        sandbox.PendingInvoiceReceived += (_, e) => invoices.Add(e.Invoice);
        sandbox.PendingInvoiceReceived += (_, e) => invoiceEvents.Add(e.Invoice);
        sandbox.LowBalance += (_, e) => lowBalance.Add(e.Warning);
        sandbox.OutOfBalance += (_, e) => outOfBalance.Add(e.Warning);

        await sandbox.RefreshStatusAsync();
        Assert.That(invoices.Count + lowBalance.Count + outOfBalance.Count, Is.Zero, "a full balance raises nothing");

        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800));
        await sandbox.RefreshStatusAsync();
        await sandbox.RefreshStatusAsync(); // a second read of the same state raises nothing more

        Assert.That(lowBalance, Has.Count.EqualTo(1));
        Assert.That(lowBalance[0].WarningLevel, Is.EqualTo(WarningLevel.LowBalance));
        Assert.That(lowBalance[0].TimeRemaining, Is.EqualTo(TimeSpan.FromSeconds(200)));
        Assert.That(invoices, Has.Count.EqualTo(1), "a top-up invoice comes with the warning");
        Assert.That(invoiceEvents.Select(i => i.PaymentHash), Is.EqualTo(invoices.Select(i => i.PaymentHash)));
        Assert.That(outOfBalance, Is.Empty);

        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(500));
        var drained = await sandbox.RefreshStatusAsync();

        Assert.That(drained.Status, Is.EqualTo(SandboxState.Paused));
        Assert.That(outOfBalance, Has.Count.EqualTo(1));
        Assert.That(outOfBalance[0].WarningLevel, Is.EqualTo(WarningLevel.OutOfBalance));
        await Assert.CatchAsync<TopUpFailedException>(async () => await sandbox.ExecAsync("echo broke"));

        await Emulator.PayInvoiceAsync(sandbox.PendingInvoice!.PaymentHash!);
        await sandbox.WaitUntilRunningAsync();
        Assert.That((await sandbox.ExecAsync("echo topped-up")).Stdout, Is.EqualTo("topped-up\n"));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task An_unsubscribed_handler_is_not_called()
    {
        var sandbox = await RunningLightningSandboxAsync(prepaidSats: 1000);
        var calls = 0;
        void Count(object? sender, BillingWarningEventArgs e) => calls++;
        sandbox.LowBalance += Count;
        sandbox.LowBalance -= Count;
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800));
        await sandbox.RefreshStatusAsync();

        Assert.That(calls, Is.Zero);
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task Terminate_refunds_the_unused_prepaid_sats_to_a_lightning_address()
    {
        var sandbox = await RunningLightningSandboxAsync(prepaidSats: 1000);
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1000)); // half of the 1000 sats

        var result = await sandbox.TerminateAsync(lightningAddress: "user@getalby.com");

        Assert.That(result.Refund?.Status, Is.EqualTo("sent"));
        Assert.That(result.Refund?.AmountSats, Is.EqualTo(500));
        Assert.That(result.Refund?.Address, Is.EqualTo("user@getalby.com"));
        Assert.That(result.ConsumedMsatsTotal, Is.EqualTo(500_000));
    }
}
