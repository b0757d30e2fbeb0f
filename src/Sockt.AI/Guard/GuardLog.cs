using Microsoft.Extensions.Logging;

namespace Sockt.AI.Guard;

/// <summary>The guard's log lines (sandbox ids and limits only; never keys or tokens).</summary>
internal static partial class GuardLog
{
    [LoggerMessage(1, LogLevel.Information, "Created sandbox {SandboxId} ({Tier}) for the tools")]
    public static partial void Created(ILogger logger, string sandboxId, string tier);

    [LoggerMessage(2, LogLevel.Information, "Terminated sandbox {SandboxId}: {Reason}")]
    public static partial void Terminated(ILogger logger, string sandboxId, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Could not terminate sandbox {SandboxId} ({Reason}); it may still be billed")]
    public static partial void TerminateFailed(ILogger logger, string sandboxId, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Refused {Tool}: limit {Limit}")]
    public static partial void Refused(ILogger logger, string tool, string limit);

    [LoggerMessage(5, LogLevel.Debug, "Could not refresh the status of sandbox {SandboxId}: {Error}")]
    public static partial void StatusFailed(ILogger logger, string sandboxId, string error);
}
