using System.Text.Json.Serialization;
using Sockt.Emulator.Billing;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary><c>POST /v1/sandboxes</c> with <c>billing_method: lightning</c>: the sandbox token and the invoice to pay.</summary>
internal sealed record LightningSandboxCreatedResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("sandbox_id")] string SandboxId,
    [property: JsonPropertyName("sandbox_token")] string SandboxToken,
    [property: JsonPropertyName("billing_method")] string BillingMethod,
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("runtime")] string Runtime,
    [property: JsonPropertyName("invoice")] string Invoice,
    [property: JsonPropertyName("payment_hash")] string PaymentHash,
    [property: JsonPropertyName("amount_msats")] long AmountMsats,
    [property: JsonPropertyName("amount_sats")] long AmountSats,
    [property: JsonPropertyName("msats_per_second")] long MsatsPerSecond,
    [property: JsonPropertyName("prepaid_seconds")] long? PrepaidSeconds,
    [property: JsonPropertyName("expires_at")] string ExpiresAt,
    [property: JsonPropertyName("pending_invoice")] InvoiceResponse PendingInvoice)
{
    public static LightningSandboxCreatedResponse From(Sandbox sandbox, LightningInvoice invoice)
    {
        var rate = sandbox.Tier.MsatsPerSecond;
        return new(
            SandboxState.AwaitingPayment,
            sandbox.Id,
            sandbox.Token!,
            WireFormat.BillingMethod(sandbox),
            sandbox.Tier.Name,
            WireFormat.Runtime(sandbox),
            invoice.Bolt11,
            invoice.PaymentHash,
            invoice.AmountMsats,
            invoice.AmountMsats / 1000,
            rate,
            rate > 0 ? invoice.AmountMsats / rate : null,
            WireFormat.Time(invoice.ExpiresAt),
            InvoiceResponse.From(invoice)!);
    }
}
