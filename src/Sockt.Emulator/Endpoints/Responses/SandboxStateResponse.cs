using System.Text.Json.Serialization;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary>Pause and resume: the sandbox and the state it is now in.</summary>
internal sealed record SandboxStateResponse(
    [property: JsonPropertyName("sandbox_id")] string SandboxId,
    [property: JsonPropertyName("status")] string Status);
