namespace Sockt.Cli.Terminal;

/// <summary>
/// Puts the local terminal in raw mode (every key at once, no echo, Ctrl+C and Ctrl+D as plain bytes) and restores
/// the exact previous settings on <see cref="Dispose"/>, which callers reach on every exit path.
/// </summary>
internal sealed class RawTerminalMode : IDisposable
{
    private readonly byte[] saved;
    private int restored;

    private RawTerminalMode(byte[] saved) => this.saved = saved;

    /// <summary>Enters raw mode on stdin; null when stdin is not a terminal (piped input is sent as it is).</summary>
    public static RawTerminalMode? TryEnter()
    {
        if (OperatingSystem.IsWindows() || TerminalNative.isatty(TerminalNative.StdinFd) != 1)
        {
            return null;
        }

        var saved = new byte[TerminalNative.TermiosBufferSize];
        if (TerminalNative.tcgetattr(TerminalNative.StdinFd, saved) != 0)
        {
            return null;
        }

        var raw = (byte[])saved.Clone();
        TerminalNative.cfmakeraw(raw);
        if (TerminalNative.tcsetattr(TerminalNative.StdinFd, TerminalNative.TcsaNow, raw) != 0)
        {
            return null;
        }

        var mode = new RawTerminalMode(saved);
        // Last resort for exits that skip finally blocks' callers (an unhandled exception on another thread).
        AppDomain.CurrentDomain.ProcessExit += (_, _) => mode.Dispose();
        return mode;
    }

    /// <summary>Restores the settings found on entry (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref restored, 1) == 0)
        {
            TerminalNative.tcsetattr(TerminalNative.StdinFd, TerminalNative.TcsaNow, saved);
        }
    }
}
