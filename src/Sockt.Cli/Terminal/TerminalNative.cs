using System.Runtime.InteropServices;

namespace Sockt.Cli.Terminal;

/// <summary>The libc calls behind raw mode and the window size (Linux and macOS).</summary>
internal static partial class TerminalNative
{
    /// <summary>Standard input's file descriptor.</summary>
    public const int StdinFd = 0;

    /// <summary>Standard output's file descriptor.</summary>
    public const int StdoutFd = 1;

    /// <summary>Room for a <c>struct termios</c> on every platform (60 bytes on Linux, 72 on macOS), kept opaque.</summary>
    public const int TermiosBufferSize = 256;

    /// <summary><c>TCSANOW</c>: apply the change at once.</summary>
    public const int TcsaNow = 0;

    /// <summary><c>TIOCGWINSZ</c>, which differs between Linux and the BSDs.</summary>
    public static nuint GetWindowSizeRequest => OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 0x40087468u : 0x5413u;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcgetattr(int fd, Span<byte> termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int tcsetattr(int fd, int optionalActions, ReadOnlySpan<byte> termios);

    [LibraryImport("libc")]
    public static partial void cfmakeraw(Span<byte> termios);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, out WindowSize size);

    /// <summary><c>struct winsize</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }
}
