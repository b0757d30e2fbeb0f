using System.Text.Json;

namespace Sockt.AspNetCore.Terminal;

/// <summary>
/// A message from the browser (docs/web-terminal.md): <c>input</c> with <c>data</c>, <c>resize</c> with <c>cols</c> and
/// <c>rows</c>, or <c>ack</c> with the number of output characters the terminal has rendered.
/// </summary>
internal readonly record struct BrowserMessage(BrowserMessageKind Kind, string Data, int Columns, int Rows, long Acknowledged)
{
    /// <summary>Parses one message; returns false with a short reason (for the log) when it is not a valid one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out BrowserMessage message, out string problem)
    {
        message = default;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                problem = "not an object with a string type";
                return false;
            }

            switch (type.GetString())
            {
                case "input" when root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String:
                    message = new BrowserMessage(BrowserMessageKind.Input, data.GetString()!, 0, 0, 0);
                    problem = string.Empty;
                    return true;
                case "resize" when TryGetDimension(root, "cols", out var columns) && TryGetDimension(root, "rows", out var rows):
                    message = new BrowserMessage(BrowserMessageKind.Resize, string.Empty, columns, rows, 0);
                    problem = string.Empty;
                    return true;
                case "ack" when root.TryGetProperty("chars", out var chars) && chars.TryGetInt64(out var count) && count > 0:
                    message = new BrowserMessage(BrowserMessageKind.Acknowledge, string.Empty, 0, 0, count);
                    problem = string.Empty;
                    return true;
                default:
                    problem = "unknown type or missing fields";
                    return false;
            }
        }
        catch (JsonException)
        {
            problem = "not JSON";
            return false;
        }
    }

    private static bool TryGetDimension(JsonElement root, string name, out int value)
    {
        value = 0;
        return root.TryGetProperty(name, out var element)
            && element.TryGetInt32(out value)
            && value is >= 1 and <= ShellSessionOptions.MaxTerminalDimension;
    }
}
