using Microsoft.Win32.SafeHandles;

namespace Sockt.Cli.Terminal;

/// <summary>
/// The process's own stdin and stdout as plain file streams. Console.OpenStandardInput would switch the terminal back
/// to the settings .NET saved (echo, line editing) around every read, undoing raw mode.
/// </summary>
internal static class TerminalStreams
{
    /// <summary>An unbuffered stream on <paramref name="fd"/>, which stays open when the stream is disposed.</summary>
    public static Stream Open(int fd, FileAccess access) =>
        OperatingSystem.IsWindows()
            ? access == FileAccess.Read ? Console.OpenStandardInput() : Console.OpenStandardOutput()
            : new FileStream(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);
}
