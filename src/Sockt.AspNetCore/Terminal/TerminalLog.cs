using Microsoft.Extensions.Logging;

namespace Sockt.AspNetCore.Terminal;

/// <summary>The bridge's log lines. Never a credential: sandbox ids and origins only.</summary>
internal static partial class TerminalLog
{
    [LoggerMessage(1, LogLevel.Information, "Terminal opened into sandbox {SandboxId}")]
    public static partial void Opened(ILogger logger, string sandboxId);

    [LoggerMessage(2, LogLevel.Information, "Terminal into sandbox {SandboxId} closed")]
    public static partial void Closed(ILogger logger, string sandboxId);

    [LoggerMessage(3, LogLevel.Warning, "Terminal request refused: origin {Origin} is not allowed")]
    public static partial void OriginRefused(ILogger logger, string origin);

    [LoggerMessage(4, LogLevel.Information, "Terminal request refused by the app's ResolveSandbox")]
    public static partial void Denied(ILogger logger);

    [LoggerMessage(5, LogLevel.Warning, "The shell of sandbox {SandboxId} could not be opened")]
    public static partial void ShellUnavailable(ILogger logger, string sandboxId, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Terminal into sandbox {SandboxId}: the browser sent an invalid message ({Problem})")]
    public static partial void InvalidMessage(ILogger logger, string sandboxId, string problem);

    [LoggerMessage(7, LogLevel.Information, "Terminal into sandbox {SandboxId}: the shell ended ({Reason})")]
    public static partial void ShellEnded(ILogger logger, string sandboxId, string reason);
}
