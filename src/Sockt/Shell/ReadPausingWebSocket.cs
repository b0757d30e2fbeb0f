using System.Net.WebSockets;

namespace Sockt;

/// <summary>
/// A WebSocket that, before each read from the network, awaits the session's permission to read (room in its frame
/// queue). Everything else goes straight to the socket it wraps.
/// </summary>
/// <remarks>
/// <para>
/// Why this is how the shell applies backpressure: Websocket.Client (5.x) runs its own receive loop, which awaits
/// <see cref="ReceiveAsync(Memory{byte}, CancellationToken)"/> on the socket its connection factory returned and then
/// raises <c>MessageReceived</c> synchronously. A subscriber cannot await, so the only ways to push back from inside
/// the callback are to block the loop's thread (what the session used to do: one parked thread-pool thread per
/// full session) or to drop or buffer without bound. Pausing the loop <i>before</i> it reads, in an awaited call,
/// holds no thread: the loop's continuation simply is not scheduled until a reader makes room. The socket is not read
/// meanwhile, so TCP's flow control slows the server down and no output is lost.
/// </para>
/// <para>
/// The alternative, a receive loop of our own over <c>ClientWebSocket</c> writing to a bounded channel with
/// <c>await WriteAsync</c>, would give the same property but mean re-implementing what Websocket.Client provides and
/// the session relies on (the connect/stop handshakes, the disconnection classification and the opted-in reconnect).
/// The library accepts any <see cref="WebSocket"/> from its factory and only uses the abstract members, so wrapping the
/// socket keeps all of that.
/// </para>
/// </remarks>
internal sealed class ReadPausingWebSocket : WebSocket
{
    private readonly WebSocket _inner;
    private readonly Func<CancellationToken, ValueTask> _waitUntilReadable;

    /// <summary>Wraps a connected socket.</summary>
    /// <param name="inner">The connected socket; disposed with this one.</param>
    /// <param name="waitUntilReadable">Completes when the next read may happen; its wait must hold no thread.</param>
    internal ReadPausingWebSocket(WebSocket inner, Func<CancellationToken, ValueTask> waitUntilReadable)
    {
        _inner = inner;
        _waitUntilReadable = waitUntilReadable;
    }

    /// <inheritdoc />
    public override WebSocketCloseStatus? CloseStatus => _inner.CloseStatus;

    /// <inheritdoc />
    public override string? CloseStatusDescription => _inner.CloseStatusDescription;

    /// <inheritdoc />
    public override WebSocketState State => _inner.State;

    /// <inheritdoc />
    public override string? SubProtocol => _inner.SubProtocol;

    /// <inheritdoc />
    public override void Abort() => _inner.Abort();

    /// <inheritdoc />
    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    /// <inheritdoc />
    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    /// <inheritdoc />
    public override void Dispose() => _inner.Dispose();

    /// <inheritdoc />
    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        await _waitUntilReadable(cancellationToken).ConfigureAwait(false);
        return await _inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        await _waitUntilReadable(cancellationToken).ConfigureAwait(false);
        return await _inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        _inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    /// <inheritdoc />
    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        _inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);

    /// <inheritdoc />
    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken) =>
        _inner.SendAsync(buffer, messageType, messageFlags, cancellationToken);
}
