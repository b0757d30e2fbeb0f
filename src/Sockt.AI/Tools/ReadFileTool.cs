using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary>
/// <c>read_file</c>: returns a text file's content (clipped when long); a binary file is reported by its size, and
/// its bytes come back as base64 only when asked for.
/// </summary>
internal static class ReadFileTool
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ToolDefinition Create(ToolContext context)
    {
        var options = context.Options;
        var schema = context.NewSandboxSchema()
            .String("path", "File path, relative to /home/sandbox or absolute under it.", isRequired: true)
            .Boolean("as_base64", "Return the raw bytes as base64 in content_base64 (for binary files); default false.");
        var description =
            $"Reads a file from the sandbox. A text file comes back in content (clipped to {options.MaxOutputChars} characters, head and tail kept, "
            + "with a note when longer). A binary file comes back as its size only, unless as_base64 is true; then content_base64 holds up to "
            + $"{options.MaxReadBytes} bytes. " + ToolTexts.Sandbox + " " + ToolTexts.Errors;
        return new ToolDefinition(SocktToolNames.ReadFile, "Read a file", description, schema, new ToolHints(ReadOnly: true, Destructive: false, Idempotent: true), ReadAsync, context.Logger);

        async Task<ToolResult> ReadAsync(ToolArguments arguments, CancellationToken cancellationToken)
        {
            var sandboxId = context.ReadSandboxId(arguments);
            var path = arguments.String("path", required: true);
            var asBase64 = arguments.Boolean("as_base64") ?? false;
            if (arguments.Refusal is { } invalid)
            {
                return invalid;
            }

            var lookup = await context.ResolveAsync(SocktToolNames.ReadFile, sandboxId!, cancellationToken).ConfigureAwait(false);
            if (lookup.Refusal is { } refused)
            {
                return refused;
            }

            var file = await context.Gateway.ReadAsync(lookup.Sandbox!.Sandbox, path!, options.MaxReadBytes, cancellationToken).ConfigureAwait(false);
            var body = new JsonObject { ["path"] = path, ["size_bytes"] = file.SizeBytes };
            if (asBase64)
            {
                body["content_base64"] = Convert.ToBase64String(file.Content);
                AddTruncation(body, file.Truncated, $"Only the first {file.Content.Length.ToString(CultureInfo.InvariantCulture)} bytes were read.");
                return ToolResult.Success(body);
            }

            if (!TryDecode(file.Content, file.Truncated, out var text))
            {
                body["binary"] = true;
                body["note"] = "This is a binary file; its content is not shown. Call read_file with as_base64 true to get its bytes, or inspect it with a command (file, xxd, head -c).";
                return ToolResult.Success(body);
            }

            var (clipped, wasClipped) = TextClip.Clip(text, options.MaxOutputChars);
            body["content"] = clipped;
            AddTruncation(body, file.Truncated || wasClipped,
                $"The file is longer than shown ({file.SizeBytes.ToString(CultureInfo.InvariantCulture)} bytes); read parts of it with a command (head, tail, sed -n, grep).");
            return ToolResult.Success(body);
        }
    }

    private static void AddTruncation(JsonObject body, bool truncated, string note)
    {
        if (truncated)
        {
            body["truncated"] = true;
            body["note"] = note;
        }
    }

    /// <summary>Text is valid UTF-8 without NUL bytes (a read cut short may end inside a character: that end is dropped).</summary>
    private static bool TryDecode(byte[] bytes, bool truncated, out string text)
    {
        text = string.Empty;
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            return false;
        }

        var length = bytes.Length;
        for (var attempt = 0; attempt < (truncated ? 4 : 1) && length >= 0; attempt++, length--)
        {
            try
            {
                text = StrictUtf8.GetString(bytes, 0, length);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return false;
    }
}
