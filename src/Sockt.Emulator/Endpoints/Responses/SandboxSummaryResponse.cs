using System.Text.Json.Serialization;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary>One sandbox in <c>GET /_emulator/sandboxes</c> (admin only: it shows the home's host path, for debugging).</summary>
internal sealed record SandboxSummaryResponse(
    [property: JsonPropertyName("sandbox_id")] string SandboxId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("billing_method")] string BillingMethod,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("home_directory")] string HomeDirectory,
    [property: JsonPropertyName("created_at")] string CreatedAt)
{
    public static SandboxSummaryResponse From(Sandbox sandbox, string status) => new(
        sandbox.Id, status, sandbox.Tier.Name, WireFormat.BillingMethod(sandbox), sandbox.Label, sandbox.HomeDirectory, WireFormat.Time(sandbox.CreatedAt));
}
