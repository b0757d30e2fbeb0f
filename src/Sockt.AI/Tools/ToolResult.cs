using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary>
/// What one tool call returns: a JSON object for the model (and as MCP structured content), and whether it reports a
/// failure. Failures have <c>error</c> (a <see cref="SocktToolErrors"/> code) and <c>message</c>.
/// </summary>
internal sealed class ToolResult
{
    private ToolResult(JsonObject body, bool isError)
    {
        Body = body;
        IsError = isError;
    }

    public JsonObject Body { get; }

    public bool IsError { get; }

    public static ToolResult Success(JsonObject body) => new(body, isError: false);

    /// <summary>A failure the model can act on; <paramref name="details"/> adds fields after <c>error</c> and <c>message</c>.</summary>
    public static ToolResult Failure(string error, string message, JsonObject? details = null)
    {
        var body = new JsonObject { ["error"] = error, ["message"] = message };
        if (details is not null)
        {
            foreach (var (key, value) in details.ToList())
            {
                details.Remove(key);
                body[key] = value;
            }
        }

        return new ToolResult(body, isError: true);
    }

    public static ToolResult LimitExceeded(string limit, string message) =>
        Failure(SocktToolErrors.LimitExceeded, message, new JsonObject { ["limit"] = limit });

    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(Body, ToolJson.Options);

    public string ToText() => Body.ToJsonString(ToolJson.Options);
}
