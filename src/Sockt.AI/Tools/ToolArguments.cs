using System.Globalization;
using System.Text.Json;

namespace Sockt.AI.Tools;

/// <summary>
/// Reads a tool call's arguments, whatever form they came in (JSON elements from a model or MCP, or CLR values from
/// code), and collects every problem so that the model hears about all of them at once.
/// </summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, object?> values;
    private readonly List<string> problems = [];

    public ToolArguments(IEnumerable<KeyValuePair<string, object?>> arguments, IReadOnlyCollection<string> known)
    {
        values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in arguments)
        {
            if (known.Contains(name))
            {
                values[name] = value;
            }
            else
            {
                problems.Add(known.Count == 0
                    ? $"unknown argument '{name}': this tool takes no arguments"
                    : $"unknown argument '{name}': this tool takes {string.Join(", ", known)}");
            }
        }
    }

    /// <summary>A refusal listing every problem found so far, or null when the arguments are fine.</summary>
    public ToolResult? Refusal => problems.Count == 0
        ? null
        : ToolResult.Failure(SocktToolErrors.InvalidArguments, string.Join("; ", problems) + ".");

    public string? String(string name, bool required = false, bool allowEmpty = false)
    {
        var value = Raw(name);
        string? text = value switch
        {
            null => null,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement { ValueKind: JsonValueKind.Null } => null,
            _ => Invalid<string>(name, "a string"),
        };
        if (text is null || (!allowEmpty && text.Length == 0))
        {
            if (required && !problems.Any(p => p.Contains($"'{name}'", StringComparison.Ordinal)))
            {
                problems.Add($"'{name}' is required");
            }

            return null;
        }

        return text;
    }

    public bool? Boolean(string name) => Raw(name) switch
    {
        null => null,
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        string s when bool.TryParse(s, out var parsed) => parsed,
        _ => Invalid<bool?>(name, "true or false"),
    };

    public double? Number(string name) => Raw(name) switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement { ValueKind: JsonValueKind.String } e when TryParse(e.GetString(), out var parsed) => parsed,
        string s when TryParse(s, out var parsed) => parsed,
        IConvertible c and not string and not bool => c.ToDouble(CultureInfo.InvariantCulture),
        _ => Invalid<double?>(name, "a number"),
    };

    /// <summary>Records a problem found while checking a value (for example a number out of range).</summary>
    public void Problem(string problem) => problems.Add(problem);

    private object? Raw(string name) => values.TryGetValue(name, out var value) ? value : null;

    private T? Invalid<T>(string name, string expected)
    {
        problems.Add($"'{name}' must be {expected}");
        return default;
    }

    private static bool TryParse(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
