using System.Net.WebSockets;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Websocket.Client;
using Websocket.Client.Exceptions;

namespace Sockt;

/// <summary>
/// An interactive shell in a running sandbox: <c>bash</c> in a real pseudo-terminal, spoken to over a WebSocket
/// (protocol: spec/shell-protocol.md). Get a connected one from <c>Sandbox.ConnectShellAsync</c>.
/// </summary>
/// <remarks>
/// <para>
/// A terminal splits output into frames of any size, so one <see cref="ReceiveAsync"/> is not one command's output:
/// <see cref="RunAsync"/> returns exactly one command's output, and
/// <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/> reads until a given text has arrived.
/// </para>
/// <para>
/// Frames are queued from the moment the socket opens, so nothing is lost between connecting and the
/// first <see cref="ReceiveAsync"/>, and they are read in the order the server sent them. The queue is bounded
/// (<see cref="ShellSessionOptions.ReceiveBufferCapacity"/>): when it is full the session stops reading the socket
/// until the consumer catches up, instead of dropping output or growing without limit.
/// </para>
/// <para>
/// A session is used once: after it has ended (closed by either side or the connection dropped) open a new one.
/// Members are safe to call from several threads. the events run on the session's
/// receive loop: keep them short, because a slow handler slows the session down just like a slow reader.
/// </para>
/// </remarks>
public partial class ShellSession : IAsyncDisposable
{
    private const int StateNew = 0;
    private const int StateConnecting = 1;
    private const int StateOpen = 2;
    private const int StateEnded = 3;

    private readonly string _sandboxId;
    private readonly Func<CancellationToken, Task<Uri>> _resolveShellUrl;
    private readonly string _bearerToken;
    private readonly Func<CancellationToken, Task<string>> _getSandboxStatus;
    private readonly ShellSessionOptions _options;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly List<IDisposable> _subscriptions = new();

    private int _state;
    private int _disposed;
    private int _columns;
    private int _rows;
    private Uri? _shellUrl;
    private WebsocketClient? _client;
    private CancellationToken _connectCancellation;

    /// <summary>
    /// Creates the session object; nothing happens on the network until <see cref="ConnectAsync"/>.
    /// Used by <c>Sandbox.ConnectShellAsync</c>.
    /// </summary>
    /// <param name="sandboxId">The sandbox the shell runs in (for messages and <see cref="SandboxId"/>).</param>
    /// <param name="resolveShellUrl">Calls <c>GET /v1/sandboxes/{id}/shell-url</c> and returns its <c>url</c>.</param>
    /// <param name="bearerToken">The credential for the upgrade request: the sandbox token if there is one, else the API key.</param>
    /// <param name="getSandboxStatus">Reads the sandbox's current lifecycle state (for example <c>running</c>).</param>
    /// <param name="options">Session settings; null uses the defaults. The session keeps a copy.</param>
    /// <param name="logger">Where to log; null logs nothing.</param>
    internal ShellSession(
        string sandboxId,
        Func<CancellationToken, Task<Uri>> resolveShellUrl,
        string bearerToken,
        Func<CancellationToken, Task<string>> getSandboxStatus,
        ShellSessionOptions? options = null,
        ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sandboxId);
        ArgumentNullException.ThrowIfNull(resolveShellUrl);
        ArgumentException.ThrowIfNullOrEmpty(bearerToken);
        ArgumentNullException.ThrowIfNull(getSandboxStatus);

        _sandboxId = sandboxId;
        _resolveShellUrl = resolveShellUrl;
        _bearerToken = bearerToken;
        _getSandboxStatus = getSandboxStatus;
        _options = Copy(options ?? new ShellSessionOptions());
        _logger = logger ?? NullLogger.Instance;
        _columns = _options.Columns;
        _rows = _options.Rows;
        _frames = Channel.CreateBounded<ShellFrame>(new BoundedChannelOptions(_options.ReceiveBufferCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = false,
            SingleWriter = false, // during an opted-in reconnect the old and new receive loops may overlap briefly
        });
    }

    /// <summary>For mocking only: a session with no connection behind it.</summary>
    protected ShellSession()
    {
        _sandboxId = string.Empty;
        _resolveShellUrl = _ => Task.FromException<Uri>(new InvalidOperationException("This ShellSession was created for mocking."));
        _bearerToken = string.Empty;
        _getSandboxStatus = _ => Task.FromException<string>(new InvalidOperationException("This ShellSession was created for mocking."));
        _options = new ShellSessionOptions();
        _logger = NullLogger.Instance;
        _frames = Channel.CreateBounded<ShellFrame>(1);
    }

    /// <summary>The sandbox this shell runs in.</summary>
    public virtual string SandboxId => _sandboxId;

    /// <summary>Whether the WebSocket is open: the session connected and has not ended since.</summary>
    public virtual bool IsConnected =>
        Volatile.Read(ref _state) == StateOpen && Volatile.Read(ref _ended) is null && _client?.IsRunning == true;

    /// <summary>
    /// Connects (see <see cref="ConnectAsync"/>) and returns this session; when connecting fails the session is disposed
    /// and the error propagates. This is what <c>Sandbox.ConnectShellAsync</c> does.
    /// </summary>
    internal async Task<ShellSession> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ConnectAsync(cancellationToken).ConfigureAwait(false);
            return this;
        }
        catch
        {
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Checks that the sandbox is running, fetches its shell URL, opens the WebSocket with the
    /// <c>Authorization: Bearer</c> header and sends the initial <c>resize</c> frame
    /// (<see cref="ShellSessionOptions.Columns"/> x <see cref="ShellSessionOptions.Rows"/>).
    /// </summary>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <exception cref="SandboxNotRunningException">The sandbox is not running (the shell needs a running sandbox).</exception>
    /// <exception cref="AuthenticationException">The credential was refused (HTTP 401 or 403).</exception>
    /// <exception cref="TimeoutException">The WebSocket did not open within <see cref="ShellSessionOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="SocktException">The shell URL was unusable or the WebSocket could not be opened.</exception>
    /// <exception cref="InvalidOperationException">The session is already connected, connecting, or has ended.</exception>
    internal async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            switch (_state)
            {
                case StateConnecting:
                    throw new InvalidOperationException("The shell session is already connecting.");
                case StateOpen:
                    throw new InvalidOperationException("The shell session is already connected.");
                case StateEnded:
                    throw new InvalidOperationException("The shell session has ended; open a new one with Sandbox.ConnectShellAsync.");
            }

            _state = StateConnecting;
        }

        var opened = false;
        try
        {
            await EnsureSandboxRunningAsync(cancellationToken).ConfigureAwait(false);
            var url = await ResolveShellUrlAsync(cancellationToken).ConfigureAwait(false);
            _shellUrl = url;
            ShellLog.Connecting(_logger, _sandboxId, ShellUrlRedactor.Redact(url));

            var client = CreateClient(url);
            _client = client;
            Subscribe(client); // before starting: frames that arrive right after the upgrade are queued, not lost
            _connectCancellation = cancellationToken;
            await StartClientAsync(client, cancellationToken).ConfigureAwait(false);
            opened = true;

            lock (_gate)
            {
                if (_ended is null)
                {
                    _state = StateOpen;
                }
            }

            await SendFrameAsync(ShellFrameCodec.EncodeResize(_columns, _rows), cancellationToken).ConfigureAwait(false);
            ShellLog.Connected(_logger, _sandboxId, _columns, _rows);
        }
        catch (Exception) when (!opened)
        {
            // Nothing was opened: release what was built and let the caller try again.
            ReleaseClient();
            lock (_gate)
            {
                if (_state == StateConnecting)
                {
                    _state = StateNew;
                }
            }

            throw;
        }
        catch (Exception exception)
        {
            End(new ShellClosedEventArgs(ShellCloseReason.ConnectionLost, null, null, exception));
            ReleaseClient();
            throw;
        }
    }

    /// <summary>Sends raw text to the shell, as if typed. Control keys are characters: Ctrl+C is <c>"\u0003"</c>, Ctrl+D <c>"\u0004"</c>.</summary>
    /// <param name="text">The text to send; long text is split into frames of at most 4096 UTF-8 bytes (as the CLI does).</param>
    /// <param name="cancellationToken">Stops waiting for the send.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected.</exception>
    /// <exception cref="ShellClosedException">The session has ended.</exception>
    public virtual async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        EnsureOpen();
        // One lock for all chunks of one call, so that concurrent callers' text is never interleaved.
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var frame in ShellFrameCodec.EncodeInput(text))
            {
                await SendFrameAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends text followed by a newline (<c>\n</c>), which runs it as a command line.</summary>
    /// <param name="text">The command line, without the newline.</param>
    /// <param name="cancellationToken">Stops waiting for the send.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected.</exception>
    /// <exception cref="ShellClosedException">The session has ended.</exception>
    public virtual Task SendLineAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendAsync(text + "\n", cancellationToken);
    }

    /// <summary>Resizes the remote terminal (the shell gets <c>SIGWINCH</c>; <c>stty size</c> reports the new size).</summary>
    /// <param name="cols">Columns, 1 to <see cref="ShellSessionOptions.MaxTerminalDimension"/>.</param>
    /// <param name="rows">Rows, 1 to <see cref="ShellSessionOptions.MaxTerminalDimension"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the send.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="cols"/> or <paramref name="rows"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected.</exception>
    /// <exception cref="ShellClosedException">The session has ended.</exception>
    public virtual async Task ResizeAsync(int cols, int rows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cols, ShellSessionOptions.MaxTerminalDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, ShellSessionOptions.MaxTerminalDimension);
        EnsureOpen();
        // Remembered first, so that an opted-in reconnect restores the size the caller asked for last.
        Volatile.Write(ref _columns, cols);
        Volatile.Write(ref _rows, rows);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SendFrameAsync(ShellFrameCodec.EncodeResize(cols, rows), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Closes the session with a normal closure. Frames already received stay readable; then
    /// <see cref="ReadFramesAsync"/> ends and <see cref="ReceiveAsync"/> throws <see cref="ShellClosedException"/>.
    /// Does nothing if the session has already ended.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the server's closing handshake (the connection is then dropped).</param>
    public virtual async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        WebsocketClient? client;
        lock (_gate)
        {
            client = _client;
        }

        End(new ShellClosedEventArgs(ShellCloseReason.ClosedByClient, WebSocketCloseStatus.NormalClosure, null, null));
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
            ReleaseClient();
        }
    }

    /// <summary>Closes the session (see <see cref="CloseAsync"/>) and releases the connection.</summary>
    /// <returns>A task that completes when the session is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await CloseAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ShellLog.Problem(_logger, _sandboxId, "closing on dispose failed", exception);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Describes the session without secrets: the sandbox, the state and the shell URL with any query redacted.</summary>
    /// <returns>A short description.</returns>
    public override string ToString()
    {
        var state = Volatile.Read(ref _state) switch
        {
            StateNew => "not connected",
            StateConnecting => "connecting",
            StateOpen when Volatile.Read(ref _ended) is null => "connected",
            _ => "ended",
        };
        return $"ShellSession(sandbox {_sandboxId}, {state}, {ShellUrlRedactor.Redact(_shellUrl)})";
    }

    private static ShellSessionOptions Copy(ShellSessionOptions source) => new()
    {
        Columns = source.Columns,
        Rows = source.Rows,
        ReceiveBufferCapacity = source.ReceiveBufferCapacity,
        QueueFrames = source.QueueFrames,
        ReceiveTimeout = source.ReceiveTimeout,
        ConnectTimeout = source.ConnectTimeout,
        CloseTimeout = source.CloseTimeout,
        AutoReconnect = source.AutoReconnect,
        ReconnectDelay = source.ReconnectDelay,
    };

    private async Task EnsureSandboxRunningAsync(CancellationToken cancellationToken)
    {
        var status = await _getSandboxStatus(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(status, SandboxStates.Running, StringComparison.Ordinal))
        {
            throw new SandboxNotRunningException(
                $"Sandbox {_sandboxId} is '{status}', not 'running'; a shell needs a running sandbox (wait for it or resume it first).",
                _sandboxId,
                status);
        }
    }

    private async Task<Uri> ResolveShellUrlAsync(CancellationToken cancellationToken)
    {
        var url = await _resolveShellUrl(cancellationToken).ConfigureAwait(false);
        if (url is null || !url.IsAbsoluteUri || (url.Scheme != "ws" && url.Scheme != "wss"))
        {
            throw new SocktException(
                $"The service returned an unusable shell URL for sandbox {_sandboxId} ({ShellUrlRedactor.Redact(url)}); expected ws:// or wss://.");
        }

        return url;
    }

    private WebsocketClient CreateClient(Uri url)
    {
        // Websocket.Client's own logger is not wired in: it logs message contents at trace level.
        var client = new WebsocketClient(url, logger: null, connectionFactory: OpenSocketAsync)
        {
            Name = "sockt-shell",
            IsReconnectionEnabled = _options.AutoReconnect,
            // No reconnect on silence: an idle shell legitimately sends nothing for a long time.
            ReconnectTimeout = null,
            ErrorReconnectTimeout = _options.AutoReconnect ? _options.ReconnectDelay : null,
            LostReconnectTimeout = null,
            ConnectTimeout = _options.ConnectTimeout,
        };
        return client;
    }

    private void Subscribe(WebsocketClient client)
    {
        lock (_gate)
        {
            _subscriptions.Add(client.MessageReceived.Subscribe(OnMessage));
            _subscriptions.Add(client.DisconnectionHappened.Subscribe(OnDisconnected));
            _subscriptions.Add(client.ReconnectionHappened.Subscribe(OnReconnected));
        }
    }

    /// <summary>Websocket.Client's connection factory: adds the Bearer header and turns refused upgrades into typed errors.</summary>
    private async Task<WebSocket> OpenSocketAsync(Uri url, CancellationToken libraryToken)
    {
        var reconnecting = Volatile.Read(ref _state) != StateConnecting;
        var target = url;
        if (reconnecting)
        {
            // A reconnect is a new shell: check the sandbox again and fetch a fresh URL (it may carry a one-time ticket).
            await EnsureSandboxRunningAsync(libraryToken).ConfigureAwait(false);
            target = await ResolveShellUrlAsync(libraryToken).ConfigureAwait(false);
            _shellUrl = target;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(libraryToken, reconnecting ? CancellationToken.None : _connectCancellation);
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + _bearerToken);
            socket.Options.CollectHttpResponseDetails = true;
            await socket.ConnectAsync(target, linked.Token).ConfigureAwait(false);
            return socket;
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

    private async Task StartClientAsync(WebsocketClient client, CancellationToken cancellationToken)
    {
        try
        {
            // StartOrFail, not Start: Start() retries forever and hides connect failures (Websocket.Client #57, #27).
            await client.StartOrFail().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (WebsocketException exception)
        {
            var cause = exception.InnerException;
            switch (cause)
            {
                case SocktException:
                    ExceptionDispatchInfo.Capture(cause).Throw();
                    break;
                case OperationCanceledException when cancellationToken.IsCancellationRequested:
                    throw new OperationCanceledException("Connecting the shell was cancelled.", cause, cancellationToken);
                case OperationCanceledException:
                    throw new TimeoutException(
                        $"The shell WebSocket {ShellUrlRedactor.Redact(_shellUrl)} did not open within {FormatSeconds(_options.ConnectTimeout)}.", cause);
            }

            var detail = Secrets.Scrub(cause?.Message ?? exception.Message, _bearerToken);
            throw new SocktException($"Could not open the shell WebSocket {ShellUrlRedactor.Redact(_shellUrl)}: {detail}", cause ?? exception);
        }
    }

    private void EnsureOpen()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0 && Volatile.Read(ref _ended) is null, this);
        if (Volatile.Read(ref _ended) is not null)
        {
            throw CreateClosedException();
        }

        if (Volatile.Read(ref _state) != StateOpen)
        {
            throw new InvalidOperationException("The shell session is not connected.");
        }
    }

    private async Task SendFrameAsync(string json, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ended) is not null)
        {
            throw CreateClosedException();
        }

        var client = _client ?? throw new InvalidOperationException("The shell session is not connected.");
        // SendInstant writes to the socket now (Send() only queues); it has no token, so the wait is what is cancelled.
        await client.SendInstant(json).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void ReleaseClient()
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

    private static string FormatSeconds(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan
            ? "an infinite time"
            : value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
