using System.Net.WebSockets;

namespace Sockt.AspNetCore.Terminal;

/// <summary>Why the bridge closes the browser's connection: a message it must not send (too big, binary, not the protocol).</summary>
internal sealed record BrowserRefusal(WebSocketCloseStatus Status, string Description);
