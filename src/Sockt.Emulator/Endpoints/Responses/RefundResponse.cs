using System.Text.Json.Serialization;
using Sockt.Emulator.Billing;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary>The <c>refund</c> of a terminate answer: <c>credited</c> with cents, or <c>none</c>/<c>sent</c> with sats.</summary>
internal sealed record RefundResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("amount_cents"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? AmountCents,
    [property: JsonPropertyName("amount_sats"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? AmountSats,
    [property: JsonPropertyName("address"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Address)
{
    public static RefundResponse From(Refund refund) => new(refund.Status, refund.AmountCents, refund.AmountSats, refund.Address);
}
