using System.Text.Json.Serialization;
using Sockt.Emulator.Billing;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary>A payable Lightning invoice (<c>pending_invoice</c>).</summary>
internal sealed record InvoiceResponse(
    [property: JsonPropertyName("bolt11")] string Bolt11,
    [property: JsonPropertyName("payment_hash")] string PaymentHash,
    [property: JsonPropertyName("amount_msats")] long AmountMsats,
    [property: JsonPropertyName("expires_at")] string ExpiresAt)
{
    public static InvoiceResponse? From(LightningInvoice? invoice) =>
        invoice is null ? null : new(invoice.Bolt11, invoice.PaymentHash, invoice.AmountMsats, WireFormat.Time(invoice.ExpiresAt));
}
