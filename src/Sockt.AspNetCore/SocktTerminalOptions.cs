using Microsoft.AspNetCore.Http;

namespace Sockt.AspNetCore;

/// <summary>
/// Settings of a terminal endpoint mapped with
/// <see cref="SocktTerminalEndpointRouteBuilderExtensions.MapSocktTerminal"/>: which sandbox a request may reach,
/// which web pages may open it, and the size limits of the browser's messages.
/// </summary>
public sealed class SocktTerminalOptions
{
    private int _maxMessageBytes = 64 * 1024;
    private int _maxUnacknowledgedOutput = 256 * 1024;

    /// <summary>
    /// Decides, for each WebSocket request, which sandbox its shell opens in: return the <see cref="Sandbox"/> the
    /// request's user may use, or <see langword="null"/> to refuse the request (403). Authorization is the app's:
    /// read the user from <see cref="HttpContext.User"/>, the route values or the app's own state.
    /// The default refuses every request.
    /// </summary>
    /// <remarks>Called after the origin check, before the WebSocket is accepted.</remarks>
    public Func<HttpContext, CancellationToken, ValueTask<Sandbox?>> ResolveSandbox { get; set; } =
        static (_, _) => ValueTask.FromResult<Sandbox?>(null);

    /// <summary>
    /// The web origins (for example <c>https://app.example.com</c>) whose pages may open the terminal. When empty
    /// (the default) only pages of the app's own origin (the request's scheme and host) may. A WebSocket request without
    /// an <c>Origin</c> header is refused either way: browsers always send one, and a page of another site must never
    /// drive a user's terminal (cross-site WebSocket hijacking).
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// How many unread shell frames the SDK's session may queue for each browser when <see cref="ShellOptions"/> is
    /// <see langword="null"/>: 32, instead of the SDK's 1024. The bridge takes frames one at a time as the browser
    /// keeps up, so a short queue costs no throughput, and it bounds what a page that stops acknowledging output can
    /// make the server hold: <see cref="MaxUnacknowledgedOutput"/> characters plus this many frames (with the
    /// emulator's frames of at most 16 Ki characters, about 1.5 MiB per terminal as .NET strings).
    /// </summary>
    public const int DefaultShellReceiveBufferCapacity = 32;

    /// <summary>
    /// Settings of the shell session opened for each browser (initial size, connect timeout, ...). When
    /// <see langword="null"/> (the default) the SDK's defaults are used, except
    /// <see cref="ShellSessionOptions.ReceiveBufferCapacity"/>, which is <see cref="DefaultShellReceiveBufferCapacity"/>.
    /// Options set here are used as they are: set their <see cref="ShellSessionOptions.ReceiveBufferCapacity"/> too
    /// (for example to <see cref="DefaultShellReceiveBufferCapacity"/>), because each queued frame is memory a slow
    /// browser can make the server hold. The browser sends its real size as soon as it is connected.
    /// </summary>
    public ShellSessionOptions? ShellOptions { get; set; }

    /// <summary>
    /// The largest message the browser may send, in bytes (default 64 KiB). A larger one ends the connection with
    /// status 1009 (message too big), so a browser cannot make the server buffer without limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1 KiB.</exception>
    public int MaxMessageBytes
    {
        get => _maxMessageBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024, nameof(MaxMessageBytes));
            _maxMessageBytes = value;
        }
    }

    /// <summary>
    /// How many characters of output may be sent to the browser before it has acknowledged them (default 256 Ki).
    /// When the browser's terminal falls behind, the bridge stops taking output from the shell until it catches up,
    /// which in turn pauses the shell (the SDK's bounded queue and TCP): a slow browser slows the shell down instead
    /// of growing memory. sockt-terminal.js acknowledges output once xterm.js has rendered it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1 Ki.</exception>
    public int MaxUnacknowledgedOutput
    {
        get => _maxUnacknowledgedOutput;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1024, nameof(MaxUnacknowledgedOutput));
            _maxUnacknowledgedOutput = value;
        }
    }
}
