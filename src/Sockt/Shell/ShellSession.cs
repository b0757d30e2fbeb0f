using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Websocket.Client;

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
/// Members are safe to call from several threads. The events are raised on the session's
/// receive loop: keep them short, because a slow handler slows the session down just like a slow reader.
/// </para>
/// </remarks>
public class ShellSession : IAsyncDisposable
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
    private readonly ShellFrameQueue _frames;
    private readonly ShellMessageDecoder _decoder = new();
    private readonly ShellTextReader _textReader;
    private readonly ShellTransport? _transport;
    // Cancelled when the session ends, so that background work for it (re-sending the size after a reconnect) stops.
    private readonly CancellationTokenSource _lifetime = new();
    private readonly object _gate = new();

    private int _state;
    private int _disposed;
    private int _columns;
    private int _rows;
    private ShellClosedEventArgs? _ended;

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
        _frames = new ShellFrameQueue(_options.ReceiveBufferCapacity);
        _textReader = new ShellTextReader((timeout, ct) => ReceiveAsync(timeout, ct), _frames, _sandboxId, _bearerToken);
        _transport = new ShellTransport(
            _sandboxId,
            _bearerToken,
            _options,
            _options.QueueFrames ? _frames.WaitForRoomAsync : _ => ValueTask.CompletedTask,
            ResolveReconnectUrlAsync,
            new ShellTransportCallbacks(OnMessage, OnDisconnected, OnReconnected),
            _logger);
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
        _frames = new ShellFrameQueue(1);
        _textReader = new ShellTextReader((timeout, ct) => ReceiveAsync(timeout, ct), _frames, _sandboxId, _bearerToken);
    }

    /// <summary>Raised for every frame received, before it is queued for <see cref="ReceiveAsync"/>.</summary>
    public event EventHandler<ShellFrameEventArgs>? FrameReceived;

    /// <summary>Raised for terminal output: <c>stdout</c> and <c>stderr</c> frames.</summary>
    public event EventHandler<ShellFrameEventArgs>? Output;

    /// <summary>Raised for billing notices: <c>billing</c>, <c>low_balance</c>, <c>deposit_required</c> and <c>out_of_balance</c> frames.</summary>
    public event EventHandler<ShellFrameEventArgs>? BillingWarning;

    /// <summary>Raised for <c>error</c> frames (a server-side error concerning the session).</summary>
    public event EventHandler<ShellFrameEventArgs>? Error;

    /// <summary>
    /// Raised once when a connected session ends, whoever ended it, before <see cref="ReceiveAsync"/> and
    /// <see cref="ReadFramesAsync"/> report the end.
    /// </summary>
    public event EventHandler<ShellClosedEventArgs>? Closed;

    /// <summary>
    /// Raised after an automatic reconnect (<see cref="ShellSessionOptions.AutoReconnect"/>). The shell behind the session
    /// is a new process: its working directory, environment and running programs are not those of the old one.
    /// </summary>
    public event EventHandler? Reconnected;


    /// <summary>The sandbox this shell runs in.</summary>
    public virtual string SandboxId => _sandboxId;

    /// <summary>Whether the WebSocket is open: the session connected and has not ended since.</summary>
    public virtual bool IsConnected =>
        Volatile.Read(ref _state) == StateOpen && Volatile.Read(ref _ended) is null && _transport?.IsRunning == true;

    /// <summary>Sends raw text to the shell, as if typed. Control keys are characters: Ctrl+C is <c>"\u0003"</c>, Ctrl+D <c>"\u0004"</c>.</summary>
    /// <param name="text">The text to send; long text is split into frames of at most 4096 UTF-8 bytes (as the CLI does).</param>
    /// <param name="cancellationToken">Stops waiting for the send.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected.</exception>
    /// <exception cref="ShellClosedException">The session has ended.</exception>
    public virtual Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        EnsureOpen();
        return Transport.SendAsync(ShellFrameCodec.EncodeInput(text), EnsureOpen, cancellationToken);
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
    public virtual Task ResizeAsync(int cols, int rows, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cols, ShellSessionOptions.MaxTerminalDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rows, ShellSessionOptions.MaxTerminalDimension);
        EnsureOpen();
        // Remembered first, so that an opted-in reconnect restores the size the caller asked for last.
        Volatile.Write(ref _columns, cols);
        Volatile.Write(ref _rows, rows);
        return Transport.SendAsync([ShellFrameCodec.EncodeResize(cols, rows)], EnsureOpen, cancellationToken);
    }

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
        var wait = ResolveTimeout(timeout);
        EnsureReadable();
        if (_frames.TryTake(out var frame))
        {
            return frame;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        try
        {
            while (await _frames.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
            {
                if (_frames.TryTake(out frame))
                {
                    return frame;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"No shell frame received within {ShellDuration.Format(wait)} from sandbox {_sandboxId}; the shell may be idle or waiting for input.");
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
            while (_frames.TryTake(out var frame))
            {
                yield return frame;
            }

            if (!await _frames.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        if (!EndedNormally(Volatile.Read(ref _ended)))
        {
            throw CreateClosedException();
        }
    }

    /// <summary>
    /// Reads output until it contains <paramref name="marker"/> and returns the text read up to and including the marker.
    /// A terminal splits output into frames of any size, so one <see cref="ReceiveAsync"/> is rarely one command's output:
    /// this is the loop every caller would otherwise write.
    /// </summary>
    /// <param name="marker">The text to wait for, compared ordinally (case-sensitive, no culture).</param>
    /// <param name="timeout">The overall deadline for the whole read; null uses <see cref="ShellSessionOptions.ReceiveTimeout"/>
    /// (30 s by default). <see cref="Timeout.InfiniteTimeSpan"/> waits until the marker comes or the session ends.</param>
    /// <param name="cancellationToken">Cancels the read; the text read so far is kept for the next read.</param>
    /// <returns>The <c>stdout</c> and <c>stderr</c> text read, in order, up to and including the first occurrence of
    /// <paramref name="marker"/>.</returns>
    /// <remarks>
    /// <para>
    /// What is read: the data of <c>stdout</c> and <c>stderr</c> frames, exactly as the terminal sent it (nothing is
    /// stripped: the echo of typed commands, prompts, <c>\r\n</c> line ends and escape sequences are all there).
    /// Other frames (billing notices, <c>error</c>, unknown types) still reach the events when they arrive, are not part of the text, and are consumed.
    /// </para>
    /// <para>
    /// Text after the marker is not lost: it is kept, and the next read returns it first (<see cref="ReceiveAsync"/> and
    /// <see cref="ReadFramesAsync"/> as a frame of the type it arrived in, <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/>
    /// as the start of its text). Callbacks and events are not raised again for it. A read that fails (timeout,
    /// cancellation, end of session) consumes nothing either: every frame it took is handed back, in order.
    /// </para>
    /// <para>
    /// <b>Pick a marker that only the command's output can contain.</b> The terminal echoes what is typed, so after
    /// <c>SendLineAsync("make; echo DONE")</c> the echo <c>make; echo DONE</c> already contains <c>DONE</c> and the
    /// read returns before <c>make</c> has finished. Let the shell compute the marker so that the typed text differs
    /// from the printed text:
    /// </para>
    /// <code>
    /// await shell.SendLineAsync("make; printf '%s-%s\\n' DONE 42");   // the echo shows "printf '%s-%s\n' DONE 42"
    /// var output = await shell.ReadUntilAsync("DONE-42");             // only printf's output contains "DONE-42"
    /// </code>
    /// <para>
    /// <c>echo "DONE-$((40+2))"</c> works the same way. A fresh marker per command (for example with a counter or a
    /// GUID) keeps late output of one command from ending the wait for the next. <see cref="RunAsync"/> does all of this.
    /// Only one reader should read at a time: concurrent reads each get some of the frames.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="marker"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    /// <exception cref="TimeoutException">The marker did not arrive in time; the message names it and shows the end of
    /// the text read (which stays readable).</exception>
    /// <exception cref="ShellClosedException">The session ended before the marker arrived.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected, or <see cref="ShellSessionOptions.QueueFrames"/> is off.</exception>
    public virtual Task<string> ReadUntilAsync(string marker, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        return _textReader.ReadUntilMarkerAsync(marker, ResolveTimeout(timeout), cancellationToken);
    }

    /// <summary>
    /// Reads output until <paramref name="predicate"/> accepts the text read so far, and returns that text.
    /// </summary>
    /// <param name="predicate">Called with all the text read so far after every <c>stdout</c>/<c>stderr</c> frame
    /// (so it runs many times over growing text: keep it cheap). Returns true to stop reading.</param>
    /// <param name="timeout">The overall deadline, as for <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels the read; the text read so far is kept for the next read.</param>
    /// <returns>All the text read, through the frame that made <paramref name="predicate"/> return true (nothing is carried over).</returns>
    /// <remarks>Frames and failures are handled as by <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/>,
    /// whose remarks also explain why a condition must not be met by the echo of the typed command.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    /// <exception cref="TimeoutException">The predicate did not accept the text in time (the text stays readable).</exception>
    /// <exception cref="ShellClosedException">The session ended first.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected, or <see cref="ShellSessionOptions.QueueFrames"/> is off.</exception>
    public virtual Task<string> ReadUntilAsync(Func<string, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return _textReader.ReadUntilAcceptedAsync(predicate, ResolveTimeout(timeout), cancellationToken);
    }

    /// <summary>
    /// Runs a command line in the shell and returns its output once it has finished: the text between the command's
    /// start and its end, without the echo of the typed line, the prompts or the output of earlier commands.
    /// </summary>
    /// <param name="command">Bash command text, as in a script: it may span several lines and contain any character.</param>
    /// <param name="timeout">How long the command may take; null uses <see cref="ShellSessionOptions.ReceiveTimeout"/> (30 s by default).</param>
    /// <param name="cancellationToken">Stops waiting (the command keeps running in the shell).</param>
    /// <returns>The command's output as the terminal sent it: <c>\r\n</c> line ends, colours and other escape sequences
    /// included; error messages too (a PTY merges standard error into the output).</returns>
    /// <remarks>
    /// <para>
    /// The command runs in the session's shell, so state carries over between calls (<c>cd</c>, <c>export</c>, shell
    /// variables), unlike <c>Sandbox.ExecAsync</c>. What is typed is one line, with a fresh id per call:
    /// </para>
    /// <code>
    ///  printf '__SOCKT_%s_B\n' id; eval $'command'; printf '__SOCKT_%s_E\n' id
    /// </code>
    /// <para>
    /// The markers are assembled by <c>printf</c>, so neither the terminal's echo of the typed line (which the terminal
    /// wraps at its width when the line is long) nor a <c>set -x</c> trace contains them; only the printed markers do.
    /// The command is passed to <c>eval</c> as an ANSI-C quoted word of printable ASCII (other characters as <c>\xHH</c>),
    /// so tabs do not trigger completion, newlines do not end the typed line early, <c>!</c> is not history-expanded,
    /// and a syntax error in the command is reported in the output instead of leaving the shell waiting for more input.
    /// The leading space keeps the line out of bash's history where <c>HISTCONTROL</c> ignores such lines.
    /// </para>
    /// <para>
    /// Output that was waiting unread when the call started (earlier prompts or commands) is discarded. What follows the
    /// end marker (the next prompt) stays readable. The exit status is not reported: print it (<c>echo $?</c>) if needed.
    /// A command that never finishes (waits for input, runs a full-screen program) ends in a
    /// <see cref="TimeoutException"/> while it keeps running: send Ctrl+C (<c>"\u0003"</c>) before the next command.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="command"/> is null, empty or only white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    /// <exception cref="TimeoutException">The command did not finish in time (the output read stays readable).</exception>
    /// <exception cref="ShellClosedException">The session ended before the command finished (for example it ran <c>exit</c>).</exception>
    /// <exception cref="InvalidOperationException">The session was never connected, or <see cref="ShellSessionOptions.QueueFrames"/> is off.</exception>
    public virtual async Task<string> RunAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var wait = ResolveTimeout(timeout);
        var id = Guid.NewGuid().ToString("N");
        await SendAsync(
            $" printf '__SOCKT_%s_B\\n' {id}; eval {ShellCommandQuoting.AnsiC(command)}; printf '__SOCKT_%s_E\\n' {id}\n",
            cancellationToken).ConfigureAwait(false);
        return await _textReader.ReadCommandOutputAsync(id, command, wait, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Closes the session with a normal closure. Frames already received stay readable; then
    /// <see cref="ReadFramesAsync"/> ends and <see cref="ReceiveAsync"/> throws <see cref="ShellClosedException"/>.
    /// Does nothing if the session has already ended.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the server's closing handshake (the connection is then dropped).</param>
    public virtual async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        End(new ShellClosedEventArgs(ShellCloseReason.ClosedByClient, WebSocketCloseStatus.NormalClosure, null, null));
        if (_transport is { } transport)
        {
            await transport.CloseAsync(cancellationToken).ConfigureAwait(false);
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

        _transport?.Dispose();
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
        return $"ShellSession(sandbox {_sandboxId}, {state}, {ShellUrlRedactor.Redact(_transport?.Url)})";
    }

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
            ShellLog.Connecting(_logger, _sandboxId, ShellUrlRedactor.Redact(url));
            await Transport.OpenAsync(url, cancellationToken).ConfigureAwait(false);
            opened = true;

            lock (_gate)
            {
                if (_ended is null)
                {
                    _state = StateOpen;
                }
            }

            await Transport.SendAsync([ShellFrameCodec.EncodeResize(_columns, _rows)], EnsureOpen, cancellationToken).ConfigureAwait(false);
            ShellLog.Connected(_logger, _sandboxId, _columns, _rows);
        }
        catch (Exception) when (!opened)
        {
            // Nothing was opened (the transport released what it built): the session can be connected again.
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
            Transport.Dispose();
            throw;
        }
    }

    private ShellTransport Transport =>
        _transport ?? throw new InvalidOperationException("This ShellSession was created for mocking and has no connection.");

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

    private static bool EndedNormally(ShellClosedEventArgs? ended) =>
        ended is not null
        && (ended.Reason == ShellCloseReason.ClosedByClient
            || (ended.Reason == ShellCloseReason.ClosedByServer && ended.CloseStatus == WebSocketCloseStatus.NormalClosure));

    private TimeSpan ResolveTimeout(TimeSpan? timeout) =>
        timeout is { } given ? ShellSessionOptions.RequireTimeout(given, nameof(timeout)) : _options.ReceiveTimeout;

    private async Task EnsureSandboxRunningAsync(CancellationToken cancellationToken)
    {
        var status = await _getSandboxStatus(cancellationToken).ConfigureAwait(false);
        if (new SandboxState(status) != SandboxState.Running)
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

    /// <summary>A reconnect is a new shell: check the sandbox again and fetch a fresh URL (it may carry a one-time ticket).</summary>
    private async Task<Uri> ResolveReconnectUrlAsync(CancellationToken cancellationToken)
    {
        await EnsureSandboxRunningAsync(cancellationToken).ConfigureAwait(false);
        return await ResolveShellUrlAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Runs on Websocket.Client's receive loop, once per message, in order: decodes, raises the events and queues the
    /// frame. It never waits (the queue's bound is applied before the socket is read, see <see cref="ReadPausingWebSocket"/>)
    /// and never throws into the loop.
    /// </summary>
    private void OnMessage(ResponseMessage message)
    {
        try
        {
            if (Volatile.Read(ref _ended) is not null)
            {
                return; // closed by this client: the caller no longer wants output
            }

            if (_decoder.Decode(message) is not { } frame)
            {
                return;
            }

            RaiseFrameEvents(frame);
            if (_options.QueueFrames)
            {
                _frames.TryAdd(frame); // false only once the session has ended
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ShellLog.Problem(_logger, _sandboxId, "a received message could not be processed", exception);
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
        _transport?.StopReconnecting();
    }

    private void OnReconnected(ReconnectionInfo info)
    {
        if (info.Type == ReconnectionType.Initial)
        {
            return;
        }

        ShellLog.Reconnected(_logger, _sandboxId, info.Type.ToString());
        _decoder.Reset();
        // Not awaited: this runs inside Websocket.Client's connect path. SendInstant is the safe send there (#32).
        _ = RestoreTerminalSizeAsync();
        Raise(Reconnected, EventArgs.Empty, "Reconnected");
    }

    private async Task RestoreTerminalSizeAsync()
    {
        try
        {
            var resize = ShellFrameCodec.EncodeResize(Volatile.Read(ref _columns), Volatile.Read(ref _rows));
            await Transport.SendAsync([resize], EnsureOpen, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ShellLog.Problem(_logger, _sandboxId, "re-sending the terminal size after a reconnect failed", exception);
        }
    }

    /// <summary>Marks the session as ended (once): raises <see cref="Closed"/>, then completes the queue after the frames already in it.</summary>
    private void End(ShellClosedEventArgs ended)
    {
        bool wasConnected;
        lock (_gate)
        {
            if (_ended is not null)
            {
                return;
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
        _frames.Complete();
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

    /// <summary>Raises the frame events: <see cref="FrameReceived"/>, then the one for the frame's kind.</summary>
    private void RaiseFrameEvents(ShellFrame frame)
    {
        var args = new ShellFrameEventArgs(frame);
        var type = frame.Type.ToString();
        Raise(FrameReceived, args, type);
        if (frame.IsOutput)
        {
            Raise(Output, args, type);
        }
        else if (frame.IsBillingNotice)
        {
            Raise(BillingWarning, args, type);
        }
        else if (frame.Type == ShellFrameType.Error)
        {
            Raise(Error, args, type);
        }
    }

    private void Raise<TArgs>(EventHandler<TArgs>? handlers, TArgs args, string what)
    {
        if (handlers is null)
        {
            return;
        }

        // One by one, so that a throwing handler does not keep the others from running.
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<TArgs>>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                ShellLog.HandlerFailed(_logger, what, exception);
            }
        }
    }

    private void Raise(EventHandler? handlers, EventArgs args, string what)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                ShellLog.HandlerFailed(_logger, what, exception);
            }
        }
    }
}
