using System.Text.Json.Serialization;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary><c>DELETE /v1/sandboxes/{id}</c>.</summary>
internal sealed record TerminateResponse(
    [property: JsonPropertyName("sandbox_id")] string SandboxId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("consumed_msats_total")] long ConsumedMsatsTotal,
    [property: JsonPropertyName("terminated_at")] string TerminatedAt,
    [property: JsonPropertyName("refund")] RefundResponse Refund)
{
    public static TerminateResponse From(Termination termination) => new(
        termination.SandboxId,
        SandboxState.Terminated,
        termination.ConsumedMsatsTotal,
        WireFormat.Time(termination.TerminatedAt),
        RefundResponse.From(termination.Refund));
}
