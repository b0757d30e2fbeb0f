namespace Sockt.Cli.Terminal;

/// <summary>The local terminal's size in columns and rows.</summary>
internal static class TerminalSize
{
    /// <summary>The size, asked of the terminal itself (not a cached value), or 80×24 when there is no terminal.</summary>
    public static (int Columns, int Rows) Current()
    {
        if (!OperatingSystem.IsWindows())
        {
            foreach (var fd in new[] { TerminalNative.StdoutFd, TerminalNative.StdinFd })
            {
                if (TerminalNative.ioctl(fd, TerminalNative.GetWindowSizeRequest, out var size) == 0 && size.Columns > 0 && size.Rows > 0)
                {
                    return (size.Columns, size.Rows);
                }
            }

            return (80, 24);
        }

        try
        {
            return (Math.Max(Console.WindowWidth, 1), Math.Max(Console.WindowHeight, 1));
        }
        catch (IOException)
        {
            return (80, 24);
        }
    }
}
