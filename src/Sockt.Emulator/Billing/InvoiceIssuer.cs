using System.Security.Cryptography;

namespace Sockt.Emulator.Billing;

/// <summary>Issues BOLT11 invoices for Lightning sandboxes (regtest, <c>lnbcrt…</c>).</summary>
internal sealed class InvoiceIssuer(TimeSpan expiry)
{
    public LightningInvoice Issue(string sandboxId, long amountMsats, bool topUp)
    {
        var now = DateTimeOffset.UtcNow;
        // Placeholder until the BOLT11 encoder lands: random payment hash, not a decodable invoice.
        var hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        return new LightningInvoice
        {
            Bolt11 = "lnbcrt" + amountMsats + "n1" + hash,
            PaymentHash = hash,
            AmountMsats = amountMsats,
            ExpiresAt = now + expiry,
            SandboxId = sandboxId,
            IsTopUp = topUp,
        };
    }
}
