using System.Runtime.CompilerServices;
using Sockt.Diagnostics;
using Sockt.Executions;
using Sockt.Models;

namespace Sockt;

/// <summary>Command execution: start, poll, cancel, execute-and-wait, stream.</summary>
public partial class Sandbox
{
    /// <summary>Starts <c>/bin/bash -lc <paramref name="command"/></c> and returns at once with a handle to poll.</summary>
    /// <param name="command">The shell command.</param>
    /// <param name="workingDir">Working directory relative to <c>/home/sandbox</c> (the service's default is the home).</param>
    /// <param name="timeoutMs">Time limit in milliseconds (the service's default is 30000).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The started execution.</returns>
    /// <exception cref="RateLimitedException">More than 10 executions run at once (<see cref="RateLimitedException.IsTooManyExecutions"/>).</exception>
    public virtual async Task<Execution> ExecAsync(string command, string? workingDir = null, int? timeoutMs = null, CancellationToken cancellationToken = default)
    {
        ValidateExec(command, workingDir, timeoutMs);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.Exec", Id);
        try
        {
            var execution = await StartExecutionToWaitOnAsync(command, workingDir, timeoutMs, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(SocktDiagnostics.ExecutionIdTag, execution.ExecutionId);
            return execution;
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Polls an execution once. Per the documentation a poll returns the chunks produced since the previous poll; use
    /// <see cref="ExecSyncAsync"/> or <see cref="Execution.ReadOutputAsync"/> to get every chunk exactly once.
    /// </summary>
    /// <param name="executionId">The execution id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The state and this poll's output.</returns>
    public virtual async Task<ExecResult> ExecResultAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionId);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.ExecResult", Id, executionId);
        try
        {
            var poll = await PollExecutionAsync(executionId, cancellationToken).ConfigureAwait(false);
            ObserveInvoice(poll.PendingInvoice);
            return new ExecResult(poll.ExecutionId ?? executionId, poll.Status, poll.Output?.ToArray() ?? [], poll.ExitCode, poll.Error, poll.PendingInvoice);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Cancels a running execution (its process group is terminated).</summary>
    /// <param name="executionId">The execution id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the service confirmed.</returns>
    public virtual async Task ExecCancelAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionId);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.ExecCancel", Id, executionId);
        try
        {
            await CancelExecutionCoreAsync(executionId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Runs a command and waits for its end: first poll at once, then pauses growing from 10 ms up to
    /// <paramref name="pollInterval"/>; the output is assembled without loss or duplication whether the service returns
    /// only new chunks or everything so far. Cancelling <paramref name="cancellationToken"/> also cancels the execution.
    /// </summary>
    /// <param name="command">The shell command.</param>
    /// <param name="workingDir">Working directory relative to <c>/home/sandbox</c>.</param>
    /// <param name="timeoutMs">Time limit in milliseconds.</param>
    /// <param name="pollInterval">Longest pause between polls (default <see cref="ComputeClientOptions.ExecPollInterval"/>, 0.5 s).</param>
    /// <param name="cancellationToken">Stops waiting and cancels the execution.</param>
    /// <returns>The result with all output, the exit code and the final state.</returns>
    public virtual async Task<ExecResult> ExecSyncAsync(string command, string? workingDir = null, int? timeoutMs = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        ValidateExec(command, workingDir, timeoutMs);
        ValidatePollInterval(pollInterval);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.ExecSync", Id);
        try
        {
            var execution = await StartExecutionToWaitOnAsync(command, workingDir, timeoutMs, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(SocktDiagnostics.ExecutionIdTag, execution.ExecutionId);
            return await CreatePoller(execution.ExecutionId, pollInterval).RunToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Runs a command and streams its output as it arrives, each chunk once and in order (same polling rules as
    /// <see cref="ExecSyncAsync"/>). Cancelling the token also cancels the execution on the sandbox.
    /// </summary>
    /// <param name="command">The shell command.</param>
    /// <param name="workingDir">Working directory relative to <c>/home/sandbox</c>.</param>
    /// <param name="timeoutMs">Time limit in milliseconds.</param>
    /// <param name="pollInterval">Longest pause between polls (default <see cref="ComputeClientOptions.ExecPollInterval"/>).</param>
    /// <param name="cancellationToken">Stops reading and cancels the execution.</param>
    /// <returns>The output chunks.</returns>
    public virtual IAsyncEnumerable<OutputChunk> StreamExecAsync(string command, string? workingDir = null, int? timeoutMs = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        // Validated here, not in the iterator, so bad arguments throw at the call and not at the first MoveNextAsync.
        ValidateExec(command, workingDir, timeoutMs);
        ValidatePollInterval(pollInterval);
        return StreamExecCoreAsync(command, workingDir, timeoutMs, pollInterval, cancellationToken);
    }

    /// <summary>The polling loop behind <see cref="Execution.WaitAsync"/>.</summary>
    internal async Task<ExecResult> WaitForExecutionAsync(string executionId, TimeSpan? pollInterval, CancellationToken cancellationToken)
    {
        ValidatePollInterval(pollInterval);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Execution.Wait", Id, executionId);
        try
        {
            return await CreatePoller(executionId, pollInterval).RunToEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>The streaming loop behind <see cref="Execution.ReadOutputAsync"/>.</summary>
    internal IAsyncEnumerable<OutputChunk> StreamExecutionAsync(string executionId, TimeSpan? pollInterval, CancellationToken cancellationToken)
    {
        ValidatePollInterval(pollInterval);
        return StreamChunksAsync(CreatePoller(executionId, pollInterval), "Sockt.Execution.ReadOutput", executionId, cancellationToken);
    }

    private static void ValidateExec(string command, string? workingDir, int? timeoutMs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (workingDir is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(workingDir);
        }

        if (timeoutMs is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timeout, nameof(timeoutMs));
        }
    }

    private static void ValidatePollInterval(TimeSpan? pollInterval)
    {
        if (pollInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(pollInterval));
        }
    }

    private async IAsyncEnumerable<OutputChunk> StreamExecCoreAsync(string command, string? workingDir, int? timeoutMs, TimeSpan? pollInterval, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var execution = await StartExecutionToWaitOnAsync(command, workingDir, timeoutMs, cancellationToken).ConfigureAwait(false);
        await foreach (var chunk in StreamChunksAsync(CreatePoller(execution.ExecutionId, pollInterval), "Sockt.Sandbox.StreamExec", execution.ExecutionId, cancellationToken).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    private async IAsyncEnumerable<OutputChunk> StreamChunksAsync(ExecutionPoller poller, string operation, string executionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = SocktDiagnostics.StartOperation(operation, Id, executionId);
        await using var updates = poller.RunAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ExecutionUpdate update;
            try
            {
                if (!await updates.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                update = updates.Current;
            }
            catch (Exception exception)
            {
                SocktDiagnostics.RecordFailure(activity, exception);
                throw;
            }

            foreach (var chunk in update.NewChunks)
            {
                yield return chunk;
            }
        }
    }

    /// <summary>
    /// Starts an execution that the caller then waits on. A cancellation that arrives while the start request is in
    /// flight must not lose the execution id, or the command would run on unseen: the start gets a short grace
    /// period to answer, and the poller that follows (with the cancelled token) cancels it on the sandbox.
    /// </summary>
    private async Task<Execution> StartExecutionToWaitOnAsync(string command, string? workingDir, int? timeoutMs, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var start = new CancellationTokenSource();
        using var grace = cancellationToken.Register(static state => ((CancellationTokenSource)state!).CancelAfter(ExecutionPoller.RemoteCancelTimeout), start);
        try
        {
            return await StartExecutionAsync(command, workingDir, timeoutMs, start.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private async Task<Execution> StartExecutionAsync(string command, string? workingDir, int? timeoutMs, CancellationToken cancellationToken)
    {
        var request = new ExecRequest { Command = command, WorkingDir = workingDir, TimeoutMs = timeoutMs };
        var started = await Core.CallAsync(Credential, api => api.StartExecutionAsync(Id, request, cancellationToken)).ConfigureAwait(false);
        if (string.IsNullOrEmpty(started?.ExecutionId))
        {
            throw new ApiException($"Sockt API POST /v1/sandboxes/{Id}/exec answered without an execution_id.", 200);
        }

        return new Execution(this, started.ExecutionId, started.Status, started.SandboxId ?? Id, started.Command ?? command);
    }

    private async Task<ExecutionResult> PollExecutionAsync(string executionId, CancellationToken cancellationToken)
    {
        var credential = Credential;
        var poll = await Core.CallAsync(credential, api => api.GetExecutionResultAsync(executionId, credential.QueryToken, cancellationToken)).ConfigureAwait(false);
        return poll ?? throw new ApiException($"Sockt API GET /v1/executions/{executionId} answered an empty body.", 200);
    }

    private Task CancelExecutionCoreAsync(string executionId, CancellationToken cancellationToken) =>
        Core.CallAsync(Credential, api => api.CancelExecutionAsync(executionId, cancellationToken));

    private ExecutionPoller CreatePoller(string executionId, TimeSpan? pollInterval) => new(
        executionId,
        ct => PollExecutionAsync(executionId, ct),
        ct => CancelExecutionCoreAsync(executionId, ct),
        ObserveInvoice,
        pollInterval ?? Core.Settings.ExecPollInterval,
        Core.Time,
        Core.Logger);
}
