using System.Text.Json.Nodes;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>What <see cref="RawHttp"/> received: status, header names, body text and the JSON (when it is JSON).</summary>
internal sealed record RawResponse(int Code, IReadOnlyList<string> HeaderNames, string Text, JsonNode? Json)
{
    /// <summary>The error slug of an envelope, null when the body is not one.</summary>
    public string? ErrorCode => Json?["code"]?.GetValue<string>();

    /// <summary>Whether the body is the error envelope (code, error, message, hint).</summary>
    public bool IsEnvelope => Json is JsonObject o && o.ContainsKey("code") && o.ContainsKey("error") && o.ContainsKey("message") && o.ContainsKey("hint");

    public override string ToString() => $"{Code} {Text}";
}
