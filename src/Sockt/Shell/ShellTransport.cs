using System.Net.WebSockets;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Websocket.Client;
using Websocket.Client.Exceptions;

namespace Sockt;

/// <summary>
/// The WebSocket of one shell session: dials with the Bearer header, turns refused upgrades into typed errors, sends
/// frames one caller at a time, closes with a bounded handshake, and pauses reading while the frame queue is full
/// (<see cref="ReadPausingWebSocket"/>). What arrives is handed to the session's callbacks on Websocket.Client's receive loop.
/// </summary>
internal sealed class ShellTransport : IDisposable
{
    private readonly string _sandboxId;
    private readonly string _bearerToken;
    private readonly ShellSessionOptions _options;
    private readonly ILogger _logger;
    private readonly Func<CancellationToken, ValueTask> _waitUntilReadable;
    private readonly Func<CancellationToken, Task<Uri>> _resolveReconnectUrl;
    private readonly ShellTransportCallbacks _callbacks;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<IDisposable> _subscriptions = new();

    private WebsocketClient? _client;
    private Uri? _url;
    private bool _opened;
    private CancellationToken _openCancellation;

    /// <summary>Creates the transport; nothing happens on the network until <see cref="OpenAsync"/>.</summary>
    /// <param name="sandboxId">For messages.</param>
    /// <param name="bearerToken">The credential sent on every dial (and scrubbed from every message).</param>
    /// <param name="options">The session's settings (timeouts, reconnect).</param>
    /// <param name="waitUntilReadable">Completes when the next message may be read (room in the frame queue); holds no thread.</param>
    /// <param name="resolveReconnectUrl">For a reconnect: checks the sandbox again and fetches a fresh URL (it may carry a one-time ticket).</param>
    /// <param name="callbacks">Where received messages and connection changes go.</param>
    /// <param name="logger">Where to log problems.</param>
    internal ShellTransport(
        string sandboxId,
        string bearerToken,
        ShellSessionOptions options,
        Func<CancellationToken, ValueTask> waitUntilReadable,
        Func<CancellationToken, Task<Uri>> resolveReconnectUrl,
        ShellTransportCallbacks callbacks,
        ILogger logger)
    {
        _sandboxId = sandboxId;
        _bearerToken = bearerToken;
        _options = options;
        _waitUntilReadable = waitUntilReadable;
        _resolveReconnectUrl = resolveReconnectUrl;
        _callbacks = callbacks;
        _logger = logger;
    }

    /// <summary>The URL dialled last (for messages; always show it through <see cref="ShellUrlRedactor"/>).</summary>
    internal Uri? Url => Volatile.Read(ref _url);

    /// <summary>Whether the WebSocket is open (or being re-opened by an opted-in reconnect).</summary>
    internal bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _client?.IsRunning == true;
            }
        }
    }

    /// <summary>Opens the WebSocket. Messages that arrive right after the upgrade already reach the callbacks.</summary>
    /// <exception cref="AuthenticationException">The upgrade was refused with 401 or 403.</exception>
    /// <exception cref="SandboxNotRunningException">The upgrade was refused with 409.</exception>
    /// <exception cref="TimeoutException">The WebSocket did not open within the connect timeout.</exception>
    /// <exception cref="SocktException">Any other failed upgrade.</exception>
    internal async Task OpenAsync(Uri url, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _url, url);
        var client = new WebsocketClient(url, logger: null, connectionFactory: DialAsync)
        {
            // Websocket.Client's own logger is not wired in: it logs message contents at trace level.
            Name = "sockt-shell",
            IsReconnectionEnabled = _options.AutoReconnect,
            // No reconnect on silence: an idle shell legitimately sends nothing for a long time.
            ReconnectTimeout = null,
            ErrorReconnectTimeout = _options.AutoReconnect ? _options.ReconnectDelay : null,
            LostReconnectTimeout = null,
            ConnectTimeout = _options.ConnectTimeout,
        };
        lock (_gate)
        {
            _client = client;
            // Before starting: frames that arrive right after the upgrade are delivered, not lost.
            _subscriptions.Add(client.MessageReceived.Subscribe(_callbacks.MessageReceived));
            _subscriptions.Add(client.DisconnectionHappened.Subscribe(_callbacks.Disconnected));
            _subscriptions.Add(client.ReconnectionHappened.Subscribe(_callbacks.Reconnected));
        }

        _openCancellation = cancellationToken;
        try
        {
            // StartOrFail, not Start: Start() retries forever and hides connect failures (Websocket.Client #57, #27).
            await client.StartOrFail().WaitAsync(cancellationToken).ConfigureAwait(false);
            _opened = true;
        }
        catch (WebsocketException exception)
        {
            Release();
            throw Translate(exception, cancellationToken);
        }
        catch
        {
            Release();
            throw;
        }
    }

    /// <summary>Sends frames in order, with no other caller's frames in between.</summary>
    /// <param name="frames">The encoded frames.</param>
    /// <param name="ensureOpen">Throws when the session has ended; checked before every frame.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    internal async Task SendAsync(IEnumerable<string> frames, Action ensureOpen, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var frame in frames)
            {
                ensureOpen();
                WebsocketClient client;
                lock (_gate)
                {
                    client = _client ?? throw new InvalidOperationException("The shell session is not connected.");
                }

                // SendInstant writes to the socket now (Send() only queues); it has no token, so the wait is what is cancelled.
                await client.SendInstant(frame).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Stops re-opening the connection (the session is ending).</summary>
    internal void StopReconnecting()
    {
        lock (_gate)
        {
            if (_client is { } client)
            {
                client.IsReconnectionEnabled = false;
            }
        }
    }

    /// <summary>Closes with a normal closure and releases the connection; a server that does not answer the handshake
    /// within the close timeout gets the connection dropped.</summary>
    /// <param name="cancellationToken">Stops waiting for the handshake (the connection is then dropped).</param>
    internal async Task CloseAsync(CancellationToken cancellationToken)
    {
        WebsocketClient? client;
        lock (_gate)
        {
            client = _client;
        }

        if (client is null)
        {
            return;
        }

        try
        {
            if (client.IsRunning)
            {
                // Bounded: a server that never answers the closing handshake must not hang the caller (Websocket.Client #139).
                await client.Stop(WebSocketCloseStatus.NormalClosure, "client closed")
                    .WaitAsync(_options.CloseTimeout, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            ShellLog.Problem(_logger, _sandboxId, "the server did not answer the closing handshake; dropping the connection", null);
        }
        catch (Exception exception) when (exception is WebsocketException or WebSocketException or ObjectDisposedException)
        {
            ShellLog.Problem(_logger, _sandboxId, "closing handshake failed; dropping the connection", exception);
        }
        finally
        {
            Release();
        }
    }

    /// <summary>Drops the connection and the subscriptions.</summary>
    public void Dispose() => Release();

    private void Release()
    {
        WebsocketClient? client;
        IDisposable[] subscriptions;
        lock (_gate)
        {
            client = _client;
            _client = null;
            subscriptions = _subscriptions.ToArray();
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        client?.Dispose();
    }

    /// <summary>Websocket.Client's connection factory: adds the Bearer header, turns refused upgrades into typed errors,
    /// and wraps the socket so that reading pauses while the frame queue is full.</summary>
    private async Task<WebSocket> DialAsync(Uri url, CancellationToken libraryToken)
    {
        var reconnecting = _opened;
        var target = url;
        if (reconnecting)
        {
            target = await _resolveReconnectUrl(libraryToken).ConfigureAwait(false);
            Volatile.Write(ref _url, target);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(libraryToken, reconnecting ? CancellationToken.None : _openCancellation);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _bearerToken);
            socket.Options.CollectHttpResponseDetails = true;
            await socket.ConnectAsync(target, linked.Token).ConfigureAwait(false);
            return new ReadPausingWebSocket(socket, _waitUntilReadable);
        }
        catch (WebSocketException exception) when (socket.HttpStatusCode != 0)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw status switch
            {
                401 or 403 => new AuthenticationException(
                    $"The shell endpoint of sandbox {_sandboxId} refused the credential (HTTP {status}).", status, innerException: exception),
                409 => new SandboxNotRunningException(
                    $"The shell endpoint of sandbox {_sandboxId} refused the connection because the sandbox is not running (HTTP 409).",
                    _sandboxId, null, exception),
                _ => new SocktException(
                    $"The shell endpoint {ShellUrlRedactor.Redact(target)} refused the WebSocket upgrade with HTTP {status}.", status, innerException: exception),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private Exception Translate(WebsocketException exception, CancellationToken cancellationToken)
    {
        var cause = exception.InnerException;
        switch (cause)
        {
            case SocktException:
                ExceptionDispatchInfo.Capture(cause).Throw();
                break;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return new OperationCanceledException("Connecting the shell was cancelled.", cause, cancellationToken);
            case OperationCanceledException:
                return new TimeoutException(
                    $"The shell WebSocket {ShellUrlRedactor.Redact(Url)} did not open within {ShellDuration.Format(_options.ConnectTimeout)}.", cause);
        }

        var detail = Secrets.Scrub(cause?.Message ?? exception.Message, _bearerToken);
        return new SocktException($"Could not open the shell WebSocket {ShellUrlRedactor.Redact(Url)}: {detail}", cause ?? exception);
    }
}
