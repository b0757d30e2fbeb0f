using System.Net.WebSockets;
using System.Text;
using Websocket.Client;

namespace Sockt;

/// <summary>Turns the WebSocket messages of one session into frames, in order (one instance per session: it has state).</summary>
internal sealed class ShellMessageDecoder
{
    // Stateful, so that a character split across two binary messages is not mangled.
    private readonly Decoder _binary = new UTF8Encoding(false).GetDecoder();

    /// <summary>The frame a message carries, or null when it carries nothing yet (part of a split character).</summary>
    internal ShellFrame? Decode(ResponseMessage message)
    {
        if (message.MessageType == WebSocketMessageType.Text)
        {
            return ShellFrameCodec.DecodeText(message.Text ?? string.Empty);
        }

        // Binary output is not in the protocol, but the CLI writes any non-JSON message raw to the terminal.
        var bytes = message.Binary ?? [];
        var chars = new char[_binary.GetCharCount(bytes, flush: false)];
        var count = _binary.GetChars(bytes, chars, flush: false);
        return count == 0 ? null : new ShellFrame(ShellFrameType.Stdout, new string(chars, 0, count));
    }

    /// <summary>Forgets a partial character: a reconnect starts a new stream.</summary>
    internal void Reset() => _binary.Reset();
}
