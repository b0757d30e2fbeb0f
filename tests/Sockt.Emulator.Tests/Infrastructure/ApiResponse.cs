using System.Net;
using System.Text.Json.Nodes;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>A response as the tests look at it: status, raw text and the parsed JSON (when it is JSON).</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string? MediaType, string Text, JsonNode? Json)
{
    public int Code => (int)Status;

    public JsonNode this[string name] => Json?[name] ?? throw new AssertionException($"response has no '{name}': {Text}");

    public string Str(string name) => this[name].GetValue<string>();

    public long Long(string name) => this[name].GetValue<long>();

    /// <summary>The error slug of an envelope.</summary>
    public string? ErrorCode => Json?["code"]?.GetValue<string>();

    public override string ToString() => $"{Code} {Text}";
}
