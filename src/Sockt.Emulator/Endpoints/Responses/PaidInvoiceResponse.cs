using System.Text.Json.Serialization;
using Sockt.Emulator.Billing;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary><c>POST /_emulator/invoices/{payment_hash}/pay</c>: the payment, with the preimage a real payer would learn.</summary>
internal sealed record PaidInvoiceResponse(
    [property: JsonPropertyName("payment_hash")] string PaymentHash,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("amount_msats")] long AmountMsats,
    [property: JsonPropertyName("preimage")] string Preimage,
    [property: JsonPropertyName("sandbox_id")] string SandboxId)
{
    public static PaidInvoiceResponse From(LightningInvoice invoice) =>
        new(invoice.PaymentHash, "paid", invoice.AmountMsats, invoice.Preimage, invoice.SandboxId);
}
