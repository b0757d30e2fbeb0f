using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary>Builds a tool's input JSON schema: an object of named, described properties, no others allowed.</summary>
internal sealed class ToolSchema
{
    private readonly JsonObject properties = [];
    private readonly List<string> required = [];

    /// <summary>The argument names, in declaration order.</summary>
    public IReadOnlyCollection<string> Names => properties.Select(p => p.Key).ToList();

    public ToolSchema String(string name, string description, bool isRequired = false, IEnumerable<string>? allowed = null)
    {
        var property = new JsonObject { ["type"] = "string", ["description"] = description };
        if (allowed is not null)
        {
            property["enum"] = new JsonArray(allowed.Select(value => (JsonNode?)JsonValue.Create(value)).ToArray());
        }

        return Add(name, property, isRequired);
    }

    public ToolSchema Integer(string name, string description, long minimum, long maximum, bool isRequired = false) =>
        Add(name, new JsonObject { ["type"] = "integer", ["description"] = description, ["minimum"] = minimum, ["maximum"] = maximum }, isRequired);

    public ToolSchema Boolean(string name, string description) =>
        Add(name, new JsonObject { ["type"] = "boolean", ["description"] = description }, isRequired: false);

    public JsonElement Build()
    {
        var schema = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = properties.DeepClone(),
        };
        if (required.Count > 0)
        {
            schema["required"] = new JsonArray(required.Select(name => (JsonNode?)JsonValue.Create(name)).ToArray());
        }

        schema["additionalProperties"] = false;
        return JsonSerializer.SerializeToElement(schema, ToolJson.Options);
    }

    private ToolSchema Add(string name, JsonObject property, bool isRequired)
    {
        properties[name] = property;
        if (isRequired)
        {
            required.Add(name);
        }

        return this;
    }
}
