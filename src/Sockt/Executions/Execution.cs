using Sockt.Executions;
using Sockt.Models;

namespace Sockt;

/// <summary>
/// A started execution (the answer of <see cref="Sandbox.StartExecAsync"/>). Poll it once with <see cref="GetResultAsync"/>,
/// wait for its end with <see cref="WaitAsync"/>, or stream its output with <see cref="ReadOutputAsync"/>.
/// Build one in tests with <see cref="SocktModelFactory.Execution"/>.
/// </summary>
public class Execution
{
    private readonly Sandbox? _sandbox;
    private readonly ExecSettings _settings = new(null, null, null);
    private readonly long _startedAt;

    /// <summary>For mocking frameworks.</summary>
    protected Execution()
    {
        ExecutionId = string.Empty;
        SandboxId = string.Empty;
        Command = string.Empty;
    }

    internal Execution(Sandbox? sandbox, string executionId, ExecutionState? status, string? sandboxId, string? command, ExecSettings? settings = null, long startedAt = 0)
    {
        _sandbox = sandbox;
        _settings = settings ?? _settings;
        _startedAt = startedAt;
        ExecutionId = executionId;
        Status = status;
        SandboxId = sandboxId ?? string.Empty;
        Command = command ?? string.Empty;
    }

    /// <summary>The execution id.</summary>
    public virtual string ExecutionId { get; }

    /// <summary>The state when the execution was started (normally <see cref="ExecutionState.Running"/>).</summary>
    public virtual ExecutionState? Status { get; }

    /// <summary>The sandbox running the command.</summary>
    public virtual string SandboxId { get; }

    /// <summary>The submitted command.</summary>
    public virtual string Command { get; }

    /// <summary>Polls the execution once (see <see cref="Sandbox.GetExecutionResultAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The state and the output that poll returned.</returns>
    public virtual Task<ExecResult> GetResultAsync(CancellationToken cancellationToken = default) =>
        Owner.GetExecutionResultAsync(ExecutionId, cancellationToken);

    /// <summary>
    /// Polls until the execution is over and returns all of its output (see <see cref="Sandbox.ExecAsync"/> for the
    /// polling rules), with the <see cref="ExecOptions.PollInterval"/> given when it was started. Cancelling
    /// <paramref name="cancellationToken"/> also cancels the execution on the sandbox.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting and cancels the execution.</param>
    /// <returns>The assembled result.</returns>
    /// <exception cref="ExecutionTimeoutException">It was started with a <see cref="ExecOptions.Timeout"/> and is still running that long plus <see cref="ComputeClientOptions.ExecTimeoutGrace"/> after its start.</exception>
    public virtual Task<ExecResult> WaitAsync(CancellationToken cancellationToken = default) =>
        Owner.WaitForExecutionAsync(ExecutionId, _settings, _startedAt, cancellationToken);

    /// <summary>
    /// Streams the output as it arrives, each chunk once and in order, until the execution is over. Cancelling the
    /// enumeration's token also cancels the execution on the sandbox; stopping the enumeration early does not. Polls
    /// with the <see cref="ExecOptions.PollInterval"/> given when it was started.
    /// </summary>
    /// <param name="cancellationToken">Stops reading and cancels the execution.</param>
    /// <returns>The output chunks.</returns>
    /// <exception cref="ExecutionTimeoutException">As for <see cref="WaitAsync"/>, raised by the enumeration.</exception>
    public virtual IAsyncEnumerable<OutputChunk> ReadOutputAsync(CancellationToken cancellationToken = default) =>
        Owner.StreamExecutionAsync(ExecutionId, _settings, _startedAt, cancellationToken);

    /// <summary>Cancels the execution (see <see cref="Sandbox.CancelExecutionAsync"/>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the service confirmed.</returns>
    public virtual Task CancelAsync(CancellationToken cancellationToken = default) =>
        Owner.CancelExecutionAsync(ExecutionId, cancellationToken);

    /// <summary>Describes the execution.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"Execution(ExecutionId={ExecutionId}, Status={Status}, SandboxId={SandboxId})";

    /// <summary>Waits for the end without an activity of its own (inside <see cref="Sandbox.ExecAsync"/>).</summary>
    internal Task<ExecResult> WaitForEndAsync(CancellationToken cancellationToken) =>
        Owner.RunToEndAsync(ExecutionId, _settings, _startedAt, cancellationToken);

    private Sandbox Owner => _sandbox ?? throw new InvalidOperationException("This Execution was built without a sandbox (SocktModelFactory); it cannot make calls.");
}
