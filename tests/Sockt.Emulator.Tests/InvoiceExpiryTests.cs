using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class InvoiceExpiryTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.InvoiceExpiry = TimeSpan.FromSeconds(1);

    [Test]
    public async Task An_expired_invoice_is_refused_and_replaced_by_a_fresh_one()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 700);

        var replaced = await Poll.UntilAsync(
            () => Api.GetAsync($"/v1/sandboxes/{sandbox.Id}", sandbox.Token),
            r => r["pending_invoice"]["payment_hash"]!.GetValue<string>() != sandbox.PaymentHash,
            "a fresh invoice");
        var stale = await Api.PostAsync($"/_emulator/invoices/{sandbox.PaymentHash}/pay", null);
        var fresh = await Api.PostAsync($"/_emulator/invoices/{replaced["pending_invoice"]["payment_hash"]!.GetValue<string>()}/pay", null);

        Assert.That(replaced["pending_invoice"]["amount_msats"]!.GetValue<long>(), Is.EqualTo(700_000));
        Assert.That((stale.Code, stale.ErrorCode), Is.EqualTo((409, "invoice_expired")));
        Assert.That(fresh.Code, Is.EqualTo(200));
        await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");
    }
}
