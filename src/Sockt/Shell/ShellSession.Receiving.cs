using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Websocket.Client;

namespace Sockt;

// The receive side: Websocket.Client's receive loop -> decode -> callbacks/events -> bounded queue -> readers.
public partial class ShellSession
{
    private readonly Channel<ShellFrame> _frames;
    // Signalled by readers whenever they take a frame, so that a receive loop waiting for queue space wakes up.
    private readonly ManualResetEventSlim _spaceFreed = new(false);
    // Cancelled when the session ends, so that a receive loop waiting for queue space never waits forever.
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Decoder _binaryDecoder = new UTF8Encoding(false).GetDecoder();
    private ShellClosedEventArgs? _ended;

    /// <summary>
    /// Waits for the next frame. Frames come in the order the server sent them, including frames that arrived
    /// before this call (nothing is lost between connecting and the first receive).
    /// </summary>
    /// <remarks>Text that <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/> read after its marker (or
    /// handed back when it failed) comes first, as frames of the type it arrived in.</remarks>
    /// <param name="timeout">How long to wait; null uses <see cref="ShellSessionOptions.ReceiveTimeout"/> (30 s by default).
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits until a frame comes or the session ends.</param>
    /// <param name="cancellationToken">Cancels the wait; no frame is consumed by a cancelled call.</param>
    /// <returns>The next frame.</returns>
    /// <exception cref="TimeoutException">No frame arrived within the timeout (the session stays usable).</exception>
    /// <exception cref="ShellClosedException">The session has ended and every frame received before has been read.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected, or <see cref="ShellSessionOptions.QueueFrames"/> is off.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    public virtual async Task<ShellFrame> ReceiveAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var wait = timeout is { } given ? ShellSessionOptions.RequireTimeout(given, nameof(timeout)) : _options.ReceiveTimeout;
        EnsureReadable();
        if (TryTakeFrame(out var frame))
        {
            return frame;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        try
        {
            while (await _frames.Reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
            {
                if (TryTakeFrame(out frame))
                {
                    return frame;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"No shell frame received within {FormatSeconds(wait)} from sandbox {_sandboxId}; the shell may be idle or waiting for input.");
        }

        throw CreateClosedException();
    }

    /// <summary>
    /// Streams frames as they arrive, in order, starting with any already queued (and with text that
    /// <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/> read past its marker). The stream ends when the session
    /// is closed by this client or the server closes it normally (for example after <c>exit</c>).
    /// </summary>
    /// <param name="cancellationToken">Stops the enumeration; unread frames stay queued.</param>
    /// <returns>The frames.</returns>
    /// <remarks>
    /// There is no receive timeout here: a quiet shell is normal. A server that vanishes without closing (a half-open
    /// connection) is only noticed when TCP gives up, so pass a token that bounds the wait when that matters.
    /// (WebSocket ping/pong timeouts are not used: they need a read pending at all times, which the backpressure
    /// of a full queue deliberately suspends, so a slow reader would get its healthy connection aborted.)
    /// </remarks>
    /// <exception cref="ShellClosedException">The connection dropped or the server closed it abnormally.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected, or <see cref="ShellSessionOptions.QueueFrames"/> is off.</exception>
    public virtual async IAsyncEnumerable<ShellFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        EnsureReadable();
        while (true)
        {
            while (TryTakeFrame(out var frame))
            {
                yield return frame;
            }

            if (!await _frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        if (!EndedNormally(Volatile.Read(ref _ended)))
        {
            throw CreateClosedException();
        }
    }

    private static bool EndedNormally(ShellClosedEventArgs? ended) =>
        ended is not null
        && (ended.Reason == ShellCloseReason.ClosedByClient
            || (ended.Reason == ShellCloseReason.ClosedByServer && ended.CloseStatus == WebSocketCloseStatus.NormalClosure));

    private void EnsureReadable()
    {
        if (!_options.QueueFrames)
        {
            throw new InvalidOperationException(
                "Frames are not queued for reading (ShellSessionOptions.QueueFrames is off); use the events.");
        }

        if (Volatile.Read(ref _state) == StateNew && Volatile.Read(ref _ended) is null)
        {
            throw new InvalidOperationException("The shell session is not connected.");
        }
    }

    private bool TryTakeFrame(out ShellFrame frame)
    {
        if (TryTakeCarryOver(out frame))
        {
            return true; // handed back by ReadUntilAsync: older than anything in the queue
        }

        if (_frames.Reader.TryRead(out frame!))
        {
            _spaceFreed.Set();
            return true;
        }

        return false;
    }

    /// <summary>Runs on Websocket.Client's receive loop, once per message, in order. Must never throw into it.</summary>
    private void OnMessage(ResponseMessage message)
    {
        try
        {
            if (Volatile.Read(ref _ended) is not null)
            {
                return; // closed by this client: the caller no longer wants output
            }

            var frame = Decode(message);
            if (frame is null)
            {
                return;
            }

            Dispatch(frame);
            if (_options.QueueFrames)
            {
                Enqueue(frame);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ShellLog.Problem(_logger, _sandboxId, "a received message could not be processed", exception);
        }
    }

    private ShellFrame? Decode(ResponseMessage message)
    {
        if (message.MessageType == WebSocketMessageType.Text)
        {
            return ShellFrameCodec.DecodeText(message.Text ?? string.Empty);
        }

        // Binary output is not in the protocol, but the CLI writes any non-JSON message raw to the terminal.
        // The decoder is stateful so that a character split across two binary messages is not mangled.
        var bytes = message.Binary ?? [];
        var chars = new char[_binaryDecoder.GetCharCount(bytes, flush: false)];
        var count = _binaryDecoder.GetChars(bytes, chars, flush: false);
        return count == 0 ? null : new ShellFrame(ShellFrameType.Stdout, new string(chars, 0, count));
    }

    /// <summary>
    /// Queues a frame for the readers, waiting while the queue is full. Websocket.Client raises MessageReceived
    /// synchronously from its receive loop, so waiting here keeps that loop from reading the socket: a slow reader
    /// pushes back on the socket (and through TCP on the server) instead of frames being dropped or memory growing.
    /// The wait is a plain blocking wait because the Rx callback cannot be awaited; it ends as soon as a reader takes
    /// a frame or the session ends (<see cref="_lifetime"/>).
    /// </summary>
    private void Enqueue(ShellFrame frame)
    {
        while (!_frames.Writer.TryWrite(frame))
        {
            // Reset before retrying, so that a reader that frees space after the retry still wakes this wait.
            _spaceFreed.Reset();
            if (_frames.Writer.TryWrite(frame))
            {
                return;
            }

            if (Volatile.Read(ref _ended) is not null)
            {
                return; // the queue was completed: the session has ended
            }

            try
            {
                _spaceFreed.Wait(_lifetime.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnDisconnected(DisconnectionInfo info)
    {
        try
        {
            HandleDisconnection(info);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ShellLog.Problem(_logger, _sandboxId, "handling a disconnection failed", exception);
        }
    }

    private void HandleDisconnection(DisconnectionInfo info)
    {
        var description = info.CloseStatusDescription is { Length: > 0 } text ? Secrets.Scrub(text, _bearerToken) : null;
        switch (info.Type)
        {
            case DisconnectionType.ByUser:
            case DisconnectionType.Exit:
                return; // this client is closing; CloseAsync ends the session

            case DisconnectionType.Error when Volatile.Read(ref _state) == StateConnecting:
                return; // the first connect failed; ConnectAsync reports it

            case DisconnectionType.ByServer:
                // A normal closure means the shell is gone (e.g. it exited): reconnecting would only start another one.
                if (_options.AutoReconnect && info.CloseStatus != WebSocketCloseStatus.NormalClosure)
                {
                    ShellLog.Reconnecting(_logger, _sandboxId, info.Type.ToString());
                    return;
                }

                StopReconnecting(info);
                End(new ShellClosedEventArgs(ShellCloseReason.ClosedByServer, info.CloseStatus, description, info.Exception));
                return;

            case DisconnectionType.Error:
                // A reconnect attempt failed. A refused credential or a stopped sandbox will not get better by retrying.
                if (_options.AutoReconnect && info.Exception is not (AuthenticationException or SandboxNotRunningException))
                {
                    ShellLog.Reconnecting(_logger, _sandboxId, info.Type.ToString());
                    return;
                }

                StopReconnecting(info);
                End(new ShellClosedEventArgs(ShellCloseReason.ConnectionLost, info.CloseStatus, description, info.Exception));
                return;

            default: // Lost, NoMessageReceived
                if (_options.AutoReconnect)
                {
                    ShellLog.Reconnecting(_logger, _sandboxId, info.Type.ToString());
                    return;
                }

                End(new ShellClosedEventArgs(ShellCloseReason.ConnectionLost, info.CloseStatus, description, info.Exception));
                return;
        }
    }

    private void StopReconnecting(DisconnectionInfo info)
    {
        info.CancelReconnection = true;
        if (_client is { } client)
        {
            client.IsReconnectionEnabled = false;
        }
    }

    private void OnReconnected(ReconnectionInfo info)
    {
        if (info.Type == ReconnectionType.Initial)
        {
            return;
        }

        ShellLog.Reconnected(_logger, _sandboxId, info.Type.ToString());
        _binaryDecoder.Reset();
        // Not awaited: this runs inside Websocket.Client's connect path. SendInstant is the safe send there (#32).
        _ = RestoreTerminalSizeAsync();
        Raise(Reconnected, EventArgs.Empty, "Reconnected");
    }

    private async Task RestoreTerminalSizeAsync()
    {
        try
        {
            await SendFrameAsync(ShellFrameCodec.EncodeResize(Volatile.Read(ref _columns), Volatile.Read(ref _rows)), _lifetime.Token)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ShellLog.Problem(_logger, _sandboxId, "re-sending the terminal size after a reconnect failed", exception);
        }
    }

    /// <summary>Marks the session as ended (once): raises <see cref="Closed"/>, then completes the queue after the frames already in it.</summary>
    private bool End(ShellClosedEventArgs ended)
    {
        bool wasConnected;
        lock (_gate)
        {
            if (_ended is not null)
            {
                return false;
            }

            wasConnected = _state is StateOpen or StateConnecting;
            _ended = ended;
            _state = StateEnded;
        }

        _lifetime.Cancel();
        ShellLog.Ended(_logger, _sandboxId, ended.Reason, ended.CloseStatus?.ToString() ?? "(no close status)");
        if (wasConnected)
        {
            Raise(Closed, ended, "Closed");
        }

        // Last, so that a reader who sees the end can rely on Closed handlers having run.
        _frames.Writer.TryComplete();
        return true;
    }

    private ShellClosedException CreateClosedException()
    {
        var ended = Volatile.Read(ref _ended);
        if (ended is null)
        {
            return new ShellClosedException($"The shell session of sandbox {_sandboxId} has ended.", ShellCloseReason.ConnectionLost);
        }

        var status = ended.CloseStatus is { } code ? $" (close status {(int)code} {code}" + (ended.CloseDescription is { } d ? $": '{d}')" : ")") : string.Empty;
        var message = ended.Reason switch
        {
            ShellCloseReason.ClosedByClient => $"The shell session of sandbox {_sandboxId} was closed by this client.",
            ShellCloseReason.ClosedByServer => $"The server closed the shell session of sandbox {_sandboxId}{status}.",
            _ => $"The shell connection of sandbox {_sandboxId} was lost{status}"
                 + (ended.Exception is { } e ? $": {Secrets.Scrub(e.Message, _bearerToken)}" : ".")
                 + (_options.AutoReconnect ? string.Empty : " Reconnecting would start a new shell; open a new session (or set ShellSessionOptions.AutoReconnect)."),
        };
        return new ShellClosedException(message, ended.Reason, ended.CloseStatus, ended.CloseDescription, ended.Exception);
    }
}
