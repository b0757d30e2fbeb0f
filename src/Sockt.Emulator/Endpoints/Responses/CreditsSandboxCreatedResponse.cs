using System.Text.Json.Serialization;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary><c>POST /v1/sandboxes</c> with credits billing: PascalCase, as the hosted service answers it.</summary>
internal sealed record CreditsSandboxCreatedResponse(
    [property: JsonPropertyName("ID")] string Id,
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("BillingMethod")] string BillingMethod,
    [property: JsonPropertyName("Tier")] string Tier,
    [property: JsonPropertyName("Template")] string Template,
    [property: JsonPropertyName("Runtime")] string Runtime,
    [property: JsonPropertyName("PrepaidBalanceSubcents")] long PrepaidBalanceSubcents,
    [property: JsonPropertyName("UserID")] string UserId,
    [property: JsonPropertyName("Label"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label)
{
    public static CreditsSandboxCreatedResponse From(Sandbox sandbox) => new(
        sandbox.Id,
        // The hosted service answers "pending" here and moves on afterwards.
        SandboxState.Pending,
        WireFormat.BillingMethod(sandbox),
        sandbox.Tier.Name,
        WireFormat.Template(sandbox),
        WireFormat.Runtime(sandbox),
        sandbox.AllocatedCents * 100,
        sandbox.UserId!,
        sandbox.Label);
}
