namespace Sockt;

/// <summary>
/// The sandbox did not reach the <c>running</c> state: it failed or was terminated, or the wait timed out.
/// Raised by <see cref="Sandbox.WaitUntilRunningAsync"/>.
/// </summary>
public class SandboxNotRunningException : SocktException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="sandboxId">The sandbox concerned.</param>
    /// <param name="lastStatus">The last lifecycle state seen (for example <see cref="SandboxState.Failed"/> or <see cref="SandboxState.Starting"/>).</param>
    /// <param name="innerException">The cause, if any.</param>
    public SandboxNotRunningException(string message, string? sandboxId, SandboxState? lastStatus, Exception? innerException = null)
        : base(message, innerException)
    {
        SandboxId = sandboxId ?? string.Empty;
        LastStatus = lastStatus;
    }

    /// <summary>The sandbox concerned.</summary>
    public string SandboxId { get; }

    /// <summary>The last lifecycle state seen, or <see langword="null"/> if none was read.</summary>
    public SandboxState? LastStatus { get; }
}
