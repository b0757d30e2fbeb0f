using Websocket.Client;

namespace Sockt;

/// <summary>
/// What a <see cref="ShellTransport"/> reports, on Websocket.Client's receive loop: each message in order, each
/// disconnection (the callee may cancel a reconnect through <see cref="DisconnectionInfo.CancelReconnection"/>), and each
/// reconnection. The callbacks must return promptly and never throw.
/// </summary>
internal sealed record ShellTransportCallbacks(
    Action<ResponseMessage> MessageReceived,
    Action<DisconnectionInfo> Disconnected,
    Action<ReconnectionInfo> Reconnected);
