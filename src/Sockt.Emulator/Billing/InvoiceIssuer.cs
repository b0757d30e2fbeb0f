using Sockt.Emulator.Lightning;

namespace Sockt.Emulator.Billing;

/// <summary>Issues signed BOLT11 regtest invoices (<c>lnbcrt…</c>) for Lightning sandboxes, from one node key per emulator.</summary>
internal sealed class InvoiceIssuer(TimeSpan expiry) : IDisposable
{
    private readonly Bolt11InvoiceEncoder encoder = Bolt11InvoiceEncoder.CreateWithRandomKey();

    public LightningInvoice Issue(string sandboxId, long amountMsats, bool topUp)
    {
        var description = topUp ? $"Sockt sandbox {sandboxId} top-up" : $"Sockt sandbox {sandboxId} prepaid compute";
        var invoice = encoder.Create(amountMsats, description, expiry);
        return new LightningInvoice
        {
            Bolt11 = invoice.Bolt11,
            PaymentHash = invoice.PaymentHash,
            Preimage = invoice.Preimage,
            AmountMsats = invoice.AmountMsats,
            ExpiresAt = invoice.ExpiresAt,
            SandboxId = sandboxId,
            IsTopUp = topUp,
        };
    }

    public void Dispose() => encoder.Dispose();
}
