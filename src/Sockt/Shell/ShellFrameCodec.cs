using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sockt;

/// <summary>Reads server frames and writes client frames of the shell protocol (spec/shell-protocol.md).</summary>
internal static class ShellFrameCodec
{
    /// <summary>The CLI never puts more than this many bytes of input in one frame; staying below it is safe for any server.</summary>
    internal const int MaxInputBytesPerFrame = 4096;

    // Relaxed escaping keeps frames compact (no \u escapes for '<' or non-ASCII); the frames never end up in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Turns a text message into a frame. Anything that is not a JSON object with a string <c>type</c> and a string
    /// (or missing/null) <c>data</c> is surfaced as <c>stdout</c> carrying the raw text, as the CLI does: output is never dropped.
    /// </summary>
    internal static ShellFrame DecodeText(string text)
    {
        if (TryDecodeJsonFrame(text, out var frame))
        {
            return frame;
        }

        return new ShellFrame(ShellFrameType.Stdout, text);
    }

    private static bool TryDecodeJsonFrame(string text, out ShellFrame frame)
    {
        frame = null!;
        var span = text.AsSpan().TrimStart();
        if (span.IsEmpty || span[0] != '{')
        {
            return false; // cheap exit for raw output; no exception-driven control flow for the common case
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            string data;
            if (!root.TryGetProperty("data", out var dataElement) || dataElement.ValueKind == JsonValueKind.Null)
            {
                data = string.Empty; // billing notices may carry no data (the CLI ignores it for them)
            }
            else if (dataElement.ValueKind == JsonValueKind.String)
            {
                data = dataElement.GetString()!;
            }
            else
            {
                return false; // non-string data: Go's decoder fails on it and the CLI prints the raw message
            }

            frame = new ShellFrame(type.GetString()!, data);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Writes <c>{"type":"resize","cols":..,"rows":..}</c>.</summary>
    internal static string EncodeResize(int columns, int rows) =>
        Write(writer =>
        {
            writer.WriteString("type", "resize");
            writer.WriteNumber("cols", columns);
            writer.WriteNumber("rows", rows);
        });

    /// <summary>Writes one <c>{"type":"input","data":..}</c> frame per chunk of at most <see cref="MaxInputBytesPerFrame"/> UTF-8 bytes.</summary>
    internal static IEnumerable<string> EncodeInput(string text)
    {
        foreach (var chunk in SplitUtf8(text, MaxInputBytesPerFrame))
        {
            yield return Write(writer =>
            {
                writer.WriteString("type", "input");
                writer.WriteString("data", chunk);
            });
        }
    }

    /// <summary>Splits text into pieces of at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a surrogate pair.</summary>
    internal static IEnumerable<string> SplitUtf8(string text, int maxBytes)
    {
        var start = 0;
        while (start < text.Length)
        {
            var bytes = 0;
            var end = start;
            while (end < text.Length)
            {
                var width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
                var size = width == 2 ? 4 : Encoding.UTF8.GetByteCount(text.AsSpan(end, 1));
                if (bytes + size > maxBytes)
                {
                    break;
                }

                bytes += size;
                end += width;
            }

            yield return text.Substring(start, end - start);
            start = end;
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
