using System.Buffers;
using System.Text.Json;

namespace Sockt.AspNetCore.Terminal;

/// <summary>Writes the server's messages to the browser (docs/web-terminal.md): <c>output</c>, <c>notice</c>, <c>exit</c>.</summary>
internal static class BrowserFrameWriter
{
    /// <summary>The message for a shell frame: terminal output, or a notice (billing, error, a type this bridge does not know).</summary>
    public static ReadOnlyMemory<byte> ForFrame(ShellFrame frame) =>
        frame.IsOutput
            ? Write(writer =>
            {
                writer.WriteString("type", "output");
                writer.WriteString("data", frame.Data);
            })
            : Write(writer =>
            {
                writer.WriteString("type", "notice");
                writer.WriteString("kind", frame.Type.ToString());
                writer.WriteString("data", frame.Data);
            });

    /// <summary>The last message: the shell has ended, and why (<c>exited</c> or <c>disconnected</c>).</summary>
    public static ReadOnlyMemory<byte> ForExit(string reason) =>
        Write(writer =>
        {
            writer.WriteString("type", "exit");
            writer.WriteString("reason", reason);
        });

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
