namespace Sockt;

/// <summary>
/// An execution started with a <see cref="ExecOptions.Timeout"/> was still not reported over when that timeout plus
/// <see cref="ComputeClientOptions.ExecTimeoutGrace"/> had passed. The SDK has asked the service to cancel it.
/// </summary>
public class ExecutionTimeoutException : SocktException
{
    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public ExecutionTimeoutException(string message)
        : base(message)
    {
        ExecutionId = string.Empty;
    }

    /// <summary>Creates the exception for an execution that outlived its deadline.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="executionId">The execution concerned.</param>
    /// <param name="timeout">The time limit it was started with.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ExecutionTimeoutException(string message, string executionId, TimeSpan timeout, Exception? innerException = null)
        : base(message, innerException)
    {
        ExecutionId = executionId;
        Timeout = timeout;
    }

    /// <summary>The execution that did not end in time (cancelled on the sandbox, best effort).</summary>
    public string ExecutionId { get; }

    /// <summary>The time limit the execution was started with.</summary>
    public TimeSpan Timeout { get; }
}
