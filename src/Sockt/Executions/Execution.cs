using Sockt.Models;

namespace Sockt;

/// <summary>
/// A started execution (the answer of <see cref="Sandbox.ExecAsync"/>). Poll it once with <see cref="GetResultAsync"/>,
/// wait for its end with <see cref="WaitAsync"/>, or stream its output with <see cref="ReadOutputAsync"/>.
/// Build one in tests with <see cref="SocktModelFactory.Execution"/>.
/// </summary>
public class Execution
{
    private readonly Sandbox? _sandbox;

    /// <summary>For mocking frameworks.</summary>
    protected Execution()
    {
        ExecutionId = string.Empty;
    }

    internal Execution(Sandbox? sandbox, string executionId, string? status, string? sandboxId, string? command)
    {
        _sandbox = sandbox;
        ExecutionId = executionId;
        Status = status;
        SandboxId = sandboxId;
        Command = command;
    }

    /// <summary>The execution id.</summary>
    public virtual string ExecutionId { get; }

    /// <summary>The state when the execution was started (normally <c>running</c>).</summary>
    public virtual string? Status { get; }

    /// <summary>The sandbox running the command.</summary>
    public virtual string? SandboxId { get; }

    /// <summary>The submitted command.</summary>
    public virtual string? Command { get; }

    /// <summary>Polls the execution once (see <see cref="Sandbox.ExecResultAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The state and the output that poll returned.</returns>
    public virtual Task<ExecResult> GetResultAsync(CancellationToken cancellationToken = default) =>
        Owner.ExecResultAsync(ExecutionId, cancellationToken);

    /// <summary>
    /// Polls until the execution is over and returns all of its output (see <see cref="Sandbox.ExecSyncAsync"/> for the
    /// polling rules). Cancelling <paramref name="cancellationToken"/> also cancels the execution on the sandbox.
    /// </summary>
    /// <param name="pollInterval">Longest pause between polls; the client's <see cref="ComputeClientOptions.ExecPollInterval"/> when null.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the execution.</param>
    /// <returns>The assembled result.</returns>
    public virtual Task<ExecResult> WaitAsync(TimeSpan? pollInterval = null, CancellationToken cancellationToken = default) =>
        Owner.WaitForExecutionAsync(ExecutionId, pollInterval, cancellationToken);

    /// <summary>
    /// Streams the output as it arrives, each chunk once and in order, until the execution is over. Cancelling the
    /// enumeration's token also cancels the execution on the sandbox; stopping the enumeration early does not.
    /// </summary>
    /// <param name="pollInterval">Longest pause between polls; the client's <see cref="ComputeClientOptions.ExecPollInterval"/> when null.</param>
    /// <param name="cancellationToken">Stops reading and cancels the execution.</param>
    /// <returns>The output chunks.</returns>
    public virtual IAsyncEnumerable<OutputChunk> ReadOutputAsync(TimeSpan? pollInterval = null, CancellationToken cancellationToken = default) =>
        Owner.StreamExecutionAsync(ExecutionId, pollInterval, cancellationToken);

    /// <summary>Cancels the execution (see <see cref="Sandbox.ExecCancelAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the service confirmed.</returns>
    public virtual Task CancelAsync(CancellationToken cancellationToken = default) =>
        Owner.ExecCancelAsync(ExecutionId, cancellationToken);

    /// <summary>Describes the execution.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"Execution(ExecutionId={ExecutionId}, Status={Status}, SandboxId={SandboxId})";

    private Sandbox Owner => _sandbox ?? throw new InvalidOperationException("This Execution was built without a sandbox (SocktModelFactory); it cannot make calls.");
}
