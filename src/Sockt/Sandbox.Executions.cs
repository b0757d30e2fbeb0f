using System.Runtime.CompilerServices;
using Sockt.Api;
using Sockt.Diagnostics;
using Sockt.Executions;
using Sockt.Internal;
using Sockt.Models;

namespace Sockt;

/// <summary>Command execution: run to the end, start and follow, poll once, cancel.</summary>
public partial class Sandbox
{
    /// <summary>
    /// Runs <c>/bin/bash -lc <paramref name="command"/></c> to its end and returns all of its output. The first poll is
    /// immediate, then 1 ms apart while the command is young and the credential's request budget
    /// (<see cref="ComputeClientOptions.RequestBudget"/>) is full; the pauses grow to 15 % of the command's age, and
    /// longer once the budget runs low, up to <see cref="ExecOptions.PollInterval"/>; the output is assembled
    /// without loss or duplication whether the service returns only new chunks or everything so far. Cancelling
    /// <paramref name="cancellationToken"/> also cancels the execution on the sandbox.
    /// </summary>
    /// <param name="command">The shell command.</param>
    /// <param name="options">Working directory, time limit and poll interval; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting and cancels the execution.</param>
    /// <returns>The result with all output, the exit code and the final state.</returns>
    /// <exception cref="RateLimitedException">More than 10 executions run at once (<see cref="RateLimitedException.IsTooManyExecutions"/>).</exception>
    /// <exception cref="ExecutionTimeoutException">
    /// <see cref="ExecOptions.Timeout"/> was set and the execution was still running that long plus
    /// <see cref="ComputeClientOptions.ExecTimeoutGrace"/> after it started (it is cancelled on the sandbox first).
    /// </exception>
    public virtual async Task<ExecResult> ExecAsync(string command, ExecOptions? options = null, CancellationToken cancellationToken = default)
    {
        var settings = ExecSettings.From(command, options);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.Exec", Id);
        try
        {
            var execution = await StartExecutionToWaitOnAsync(command, settings, cancellationToken).ConfigureAwait(false);
            activity?.SetTag(SocktDiagnostics.ExecutionIdTag, execution.ExecutionId);
            return await execution.WaitForEndAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Starts <c>/bin/bash -lc <paramref name="command"/></c> and returns at once with a handle to wait on
    /// (<see cref="Execution.WaitAsync"/>), stream (<see cref="Execution.ReadOutputAsync"/>), poll or cancel.
    /// </summary>
    /// <param name="command">The shell command.</param>
    /// <param name="options">Working directory, time limit and the poll interval the handle uses; the defaults when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The started execution.</returns>
    /// <exception cref="RateLimitedException">More than 10 executions run at once (<see cref="RateLimitedException.IsTooManyExecutions"/>).</exception>
    public virtual async Task<Execution> StartExecAsync(string command, ExecOptions? options = null, CancellationToken cancellationToken = default)
    {
        var settings = ExecSettings.From(command, options);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.StartExec", Id);
        try
        {
            var execution = await StartExecutionToWaitOnAsync(command, settings, cancellationToken).ConfigureAwait(false);
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
    /// <see cref="ExecAsync"/> or <see cref="Execution.ReadOutputAsync"/> to get every chunk exactly once.
    /// </summary>
    /// <param name="executionId">The execution id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The state and this poll's output.</returns>
    public virtual async Task<ExecResult> GetExecutionResultAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionId);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.GetExecutionResult", Id, executionId);
        try
        {
            var poll = await PollExecutionAsync(executionId, cancellationToken).ConfigureAwait(false);
            ObserveInvoice(poll.PendingInvoice);
            return new ExecResult(poll.ExecutionId ?? executionId, poll.Status is null ? (ExecutionState?)null : new ExecutionState(poll.Status), poll.Output?.ToArray() ?? [], poll.ExitCode, poll.Error, poll.PendingInvoice, poll.OutputTruncated == true);
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
    public virtual async Task CancelExecutionAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionId);
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.CancelExecution", Id, executionId);
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

    /// <summary>The polling loop behind <see cref="Execution.WaitAsync"/>.</summary>
    internal async Task<ExecResult> WaitForExecutionAsync(string executionId, ExecSettings settings, long startedAt, CancellationToken cancellationToken)
    {
        using var activity = SocktDiagnostics.StartOperation("Sockt.Execution.Wait", Id, executionId);
        try
        {
            return await RunToEndAsync(executionId, settings, startedAt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Polls to the end (no activity: the caller has one).</summary>
    internal Task<ExecResult> RunToEndAsync(string executionId, ExecSettings settings, long startedAt, CancellationToken cancellationToken) =>
        CreatePoller(executionId, settings, startedAt).RunToEndAsync(cancellationToken);

    /// <summary>The streaming loop behind <see cref="Execution.ReadOutputAsync"/>.</summary>
    internal async IAsyncEnumerable<OutputChunk> StreamExecutionAsync(string executionId, ExecSettings settings, long startedAt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = SocktDiagnostics.StartOperation("Sockt.Execution.ReadOutput", Id, executionId);
        await using var updates = CreatePoller(executionId, settings, startedAt).RunAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
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
    private async Task<Execution> StartExecutionToWaitOnAsync(string command, ExecSettings settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var start = new CancellationTokenSource();
        using var grace = cancellationToken.Register(static state => ((CancellationTokenSource)state!).CancelAfter(ExecutionPoller.RemoteCancelTimeout), start);
        try
        {
            return await StartExecutionAsync(command, settings, start.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    private async Task<Execution> StartExecutionAsync(string command, ExecSettings settings, CancellationToken cancellationToken)
    {
        // The deadline counts from before the request: the service starts the command's clock when it receives it.
        var startedAt = Core.Time.GetTimestamp();
        var request = new ExecRequest { Command = command, WorkingDir = settings.WorkingDirectory, TimeoutMs = settings.TimeoutMilliseconds };
        var started = await Core.CallAsync(Credential, api => api.StartExecutionAsync(Id, request, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (started is null)
        {
            throw new ApiException($"Sockt API POST /v1/sandboxes/{Id}/exec answered an empty body.", 200);
        }

        RequiredFields.Check($"POST /v1/sandboxes/{Id}/exec", 200, ("execution_id", RequiredFields.HasText(started.ExecutionId)));
        return new Execution(this, started.ExecutionId!, started.Status is null ? (ExecutionState?)null : new ExecutionState(started.Status), started.SandboxId ?? Id, started.Command ?? command, settings, startedAt);
    }

    private async Task<ExecutionResult> PollExecutionAsync(string executionId, CancellationToken cancellationToken, TimeSpan? budgetWaitLimit = null)
    {
        var credential = Credential;
        var (poll, _) = await Core.GetJsonAsync<ExecutionResult>(credential, SocktApiRoutes.GetExecutionResult(executionId, credential.QueryToken), cancellationToken, budgetWaitLimit).ConfigureAwait(false);
        if (poll is null)
        {
            throw new ApiException($"Sockt API GET /v1/executions/{executionId} answered an empty body.", 200);
        }

        RequiredFields.Check($"GET /v1/executions/{executionId}", 200, ("status", RequiredFields.HasText(poll.Status)));
        return poll;
    }

    private Task CancelExecutionCoreAsync(string executionId, CancellationToken cancellationToken, TimeSpan? budgetWaitLimit = null) =>
        Core.CallAsync(Credential, api => api.CancelExecutionAsync(executionId, cancellationToken), cancellationToken, budgetWaitLimit);

    private ExecutionPoller CreatePoller(string executionId, ExecSettings settings, long startedAt) => new(
        executionId,
        (limit, ct) => PollExecutionAsync(executionId, ct, limit),
        (limit, ct) => CancelExecutionCoreAsync(executionId, ct, limit),
        ObserveInvoice,
        () => Core.Budgets.Fill(Credential.Bearer),
        settings.PollInterval ?? Core.Settings.ExecPollInterval,
        startedAt,
        settings.Timeout is { } timeout ? new ExecutionDeadline(startedAt, timeout, Core.Settings.ExecTimeoutGrace) : null,
        Core.Time,
        Core.Logger);
}
