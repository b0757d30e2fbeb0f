using Microsoft.Extensions.Logging;

namespace Sockt.Diagnostics;

/// <summary>
/// The SDK's log messages. Only method, path (never the query, which may carry <c>sandbox_token</c>), ids, statuses
/// and timings are logged; credentials never are.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Sockt {Method} {Path} answered {StatusCode} in {ElapsedMs} ms")]
    internal static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Sockt {Method} {Path} failed with {StatusCode} in {ElapsedMs} ms")]
    internal static partial void RequestFailed(ILogger logger, string method, string path, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Sockt {Method} {Path} got no response after {ElapsedMs} ms: {ErrorType}: {ErrorMessage}")]
    internal static partial void RequestError(ILogger logger, string method, string path, long elapsedMs, string errorType, string errorMessage);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Sockt {Method} {Path}: the sandbox pod is starting (503); retry {Attempt} of {MaxRetries} in {DelayMs} ms")]
    internal static partial void PodStartingRetry(ILogger logger, string method, string path, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Sockt {Method} {Path} was rate limited (429); retry {Attempt} of {MaxRetries} in {DelayMs} ms")]
    internal static partial void RateLimitedRetry(ILogger logger, string method, string path, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Created sandbox {SandboxId} (tier {Tier}, billing {BillingMethod}, status {Status})")]
    internal static partial void SandboxCreated(ILogger logger, string sandboxId, string? tier, string? billingMethod, string? status);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Sandbox {SandboxId} is {Status}; checking again in {DelayMs} ms")]
    internal static partial void WaitingForSandbox(ILogger logger, string sandboxId, string? status, long delayMs);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "Sandbox {SandboxId} reports running but its data plane does not answer yet ({Reason})")]
    internal static partial void DataPlaneNotReady(ILogger logger, string sandboxId, string reason);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Sandbox {SandboxId} is running")]
    internal static partial void SandboxRunning(ILogger logger, string sandboxId);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "A handler of the {EventName} event of sandbox {SandboxId} threw; the SDK call goes on")]
    internal static partial void EventHandlerFailed(ILogger logger, Exception exception, string eventName, string sandboxId);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Execution {ExecutionId} ended {Status} (exit code {ExitCode}) after {Polls} polls with {Chunks} output chunks")]
    internal static partial void ExecutionEnded(ILogger logger, string executionId, string? status, int? exitCode, int polls, int chunks);

    [LoggerMessage(EventId = 21, Level = LogLevel.Debug, Message = "Execution {ExecutionId} ended without output; polling again ({Attempt} of {MaxAttempts}) in case the output is late")]
    internal static partial void EmptyTerminalRepoll(ILogger logger, string executionId, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Waiting for execution {ExecutionId} was cancelled; cancelling it on the sandbox too")]
    internal static partial void CancellingRemoteExecution(ILogger logger, string executionId);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Could not cancel execution {ExecutionId} on the sandbox: {ErrorType}: {ErrorMessage}")]
    internal static partial void RemoteCancelFailed(ILogger logger, string executionId, string errorType, string errorMessage);
}
