using Microsoft.Extensions.Logging;

namespace Sockt;

/// <summary>Log messages of <see cref="ShellSession"/>. URLs are always redacted; frame contents and credentials are never logged.</summary>
internal static partial class ShellLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Opening shell for sandbox {SandboxId} at {ShellUrl}")]
    internal static partial void Connecting(ILogger logger, string sandboxId, string shellUrl);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug, Message = "Shell for sandbox {SandboxId} connected ({Columns}x{Rows})")]
    internal static partial void Connected(ILogger logger, string sandboxId, int columns, int rows);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Shell for sandbox {SandboxId} ended: {Reason} {CloseStatus}")]
    internal static partial void Ended(ILogger logger, string sandboxId, ShellCloseReason reason, string closeStatus);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "A shell frame handler for {FrameType} frames threw; the session continues")]
    internal static partial void HandlerFailed(ILogger logger, string frameType, Exception exception);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Shell connection of sandbox {SandboxId} dropped ({DisconnectionType}); reconnecting starts a new shell process")]
    internal static partial void Reconnecting(ILogger logger, string sandboxId, string disconnectionType);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Shell of sandbox {SandboxId} reconnected ({ReconnectionType}); the previous shell state is gone")]
    internal static partial void Reconnected(ILogger logger, string sandboxId, string reconnectionType);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Shell of sandbox {SandboxId}: {Problem}")]
    internal static partial void Problem(ILogger logger, string sandboxId, string problem, Exception? exception);
}
