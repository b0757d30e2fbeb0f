namespace Sockt;

/// <summary>Settings of a <see cref="ShellSession"/>.</summary>
public class ShellSessionOptions
{
    /// <summary>The largest terminal dimension the protocol can carry (the PTY stores it in an unsigned 16-bit field).</summary>
    public const int MaxTerminalDimension = ushort.MaxValue;

    private int _columns = 80;
    private int _rows = 24;
    private int _receiveBufferCapacity = 1024;
    private TimeSpan _receiveTimeout = TimeSpan.FromSeconds(30);
    private TimeSpan _connectTimeout = TimeSpan.FromSeconds(30);
    private TimeSpan _closeTimeout = TimeSpan.FromSeconds(5);
    private TimeSpan _reconnectDelay = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Terminal width sent in the <c>resize</c> frame right after connecting (the CLI sends its terminal size). Default 80.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 1 and <see cref="MaxTerminalDimension"/>.</exception>
    public int Columns
    {
        get => _columns;
        set => _columns = RequireDimension(value, nameof(Columns));
    }

    /// <summary>Terminal height sent in the <c>resize</c> frame right after connecting. Default 24.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not between 1 and <see cref="MaxTerminalDimension"/>.</exception>
    public int Rows
    {
        get => _rows;
        set => _rows = RequireDimension(value, nameof(Rows));
    }

    /// <summary>
    /// How many received frames may wait unread before the session stops reading from the socket. Default 1024.
    /// </summary>
    /// <remarks>
    /// This is real backpressure: when the buffer is full the session stops reading the socket until a reader takes a
    /// frame, instead of dropping frames or growing memory, so a slow consumer slows the socket (and, through TCP, the
    /// server) down. The pause is an asynchronous wait: no thread is held while a session waits for its reader.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int ReceiveBufferCapacity
    {
        get => _receiveBufferCapacity;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(ReceiveBufferCapacity));
            _receiveBufferCapacity = value;
        }
    }

    /// <summary>
    /// Whether received frames are queued for <see cref="ShellSession.ReceiveAsync"/> and <see cref="ShellSession.ReadFramesAsync"/>.
    /// Default <see langword="true"/>.
    /// </summary>
    /// <remarks>
    /// Set it to <see langword="false"/> when frames are consumed only through the events
    /// (<see cref="ShellSession.FrameReceived"/> and the others): an unread queue would otherwise fill up and pause the session. The read methods then throw
    /// <see cref="InvalidOperationException"/>.
    /// </remarks>
    public bool QueueFrames { get; set; } = true;

    /// <summary>How long <see cref="ShellSession.ReceiveAsync"/> waits when it is given no timeout. Default 30 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive (or <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public TimeSpan ReceiveTimeout
    {
        get => _receiveTimeout;
        set => _receiveTimeout = RequireTimeout(value, nameof(ReceiveTimeout));
    }

    /// <summary>How long opening the WebSocket may take before <c>Sandbox.ConnectShellAsync</c> gives up. Default 30 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan ConnectTimeout
    {
        get => _connectTimeout;
        set => _connectTimeout = RequirePositive(value, nameof(ConnectTimeout));
    }

    /// <summary>How long <see cref="ShellSession.CloseAsync"/> waits for the server's closing handshake before dropping the connection. Default 5 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan CloseTimeout
    {
        get => _closeTimeout;
        set => _closeTimeout = RequirePositive(value, nameof(CloseTimeout));
    }

    /// <summary>
    /// Whether a dropped connection is re-opened automatically. Default <see langword="false"/>.
    /// </summary>
    /// <remarks>
    /// A reconnect starts a <b>new shell process</b>: the working directory, environment variables, running
    /// programs and any output produced in between are lost. That is why it is off by default and a dropped
    /// connection ends the session with a <see cref="ShellClosedException"/>. When it is on, the session fetches a
    /// fresh shell URL, re-sends the last terminal size, raises <see cref="ShellSession.Reconnected"/>, and keeps
    /// delivering frames through the same reader. A normal close by the server (the shell exited), a rejected
    /// credential and a sandbox that is no longer running still end the session; other failed attempts are retried
    /// every <see cref="ReconnectDelay"/> until the session is closed (a <see cref="ShellSession.ReceiveAsync"/> timeout
    /// tells the caller that nothing is arriving meanwhile).
    /// </remarks>
    public bool AutoReconnect { get; set; }

    /// <summary>With <see cref="AutoReconnect"/>, the pause before retrying a failed reconnect. Default 2 s.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public TimeSpan ReconnectDelay
    {
        get => _reconnectDelay;
        set => _reconnectDelay = RequirePositive(value, nameof(ReconnectDelay));
    }

    private static int RequireDimension(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxTerminalDimension, name);
        return value;
    }

    private static TimeSpan RequirePositive(TimeSpan value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero, name);
        return value;
    }

    internal static TimeSpan RequireTimeout(TimeSpan value, string name) =>
        value == Timeout.InfiniteTimeSpan ? value : RequirePositive(value, name);
}
