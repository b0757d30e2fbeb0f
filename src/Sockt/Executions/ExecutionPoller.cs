using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Sockt.Diagnostics;
using Sockt.Http;
using Sockt.Internal;
using Sockt.Models;

namespace Sockt.Executions;

/// <summary>
/// Polls one execution until it is over. The first poll is immediate; the pauses then follow <see cref="PollPacing"/>:
/// 1 ms while the execution is young and the credential's request budget is full, 15 % of the execution's age later
/// on, longer once the budget runs low, never more than the poll interval. Output goes through <see cref="OutputAssembler"/>. A terminal poll with no output, no error and
/// exit code 0 is polled again up to <see cref="MaxEmptyTerminalRepolls"/> times, <see cref="EmptyTerminalRepollDelay"/> apart, when nothing was received yet (the
/// official CLI does the same: the status can turn final before the output is flushed). Cancelling the token cancels
/// the execution on the sandbox (best effort) before the <see cref="OperationCanceledException"/> propagates. With a
/// <see cref="ExecutionDeadline"/>, no pause and no wait for a request-budget token runs past it, and an execution still
/// running at it is cancelled on the sandbox and reported as an <see cref="ExecutionTimeoutException"/>.
/// </summary>
internal sealed class ExecutionPoller
{
    internal const int MaxEmptyTerminalRepolls = 5;

    /// <summary>
    /// Pause before each re-poll of an empty terminal result. Short and fixed: the re-poll only covers a flush that
    /// lags the final status, and a command without output (<c>mkdir</c>, <c>true</c>) must not pay the whole
    /// back-off schedule on top of its own run time.
    /// </summary>
    internal static readonly TimeSpan EmptyTerminalRepollDelay = TimeSpan.FromMilliseconds(20);

    /// <summary>How long the best-effort remote cancel may take once the caller has given up.</summary>
    internal static readonly TimeSpan RemoteCancelTimeout = TimeSpan.FromSeconds(5);

    private readonly string _executionId;
    private readonly Func<TimeSpan?, CancellationToken, Task<ExecutionResult>> _poll;
    private readonly Func<TimeSpan?, CancellationToken, Task> _cancelRemote;
    private readonly Action<PendingInvoice?> _observeInvoice;
    private readonly Func<double> _budgetFill;
    private readonly TimeSpan _interval;
    private readonly long _startedAt;
    private readonly ExecutionDeadline? _deadline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal ExecutionPoller(
        string executionId,
        Func<TimeSpan?, CancellationToken, Task<ExecutionResult>> poll,
        Func<TimeSpan?, CancellationToken, Task> cancelRemote,
        Action<PendingInvoice?> observeInvoice,
        Func<double> budgetFill,
        TimeSpan interval,
        long startedAt,
        ExecutionDeadline? deadline,
        TimeProvider time,
        ILogger logger)
    {
        _executionId = executionId;
        _poll = poll;
        _cancelRemote = cancelRemote;
        _observeInvoice = observeInvoice;
        _budgetFill = budgetFill;
        _interval = interval;
        _startedAt = startedAt;
        _deadline = deadline;
        _time = time;
        _logger = logger;
    }

    /// <summary>Polls to the end and returns the assembled result.</summary>
    internal async Task<ExecResult> RunToEndAsync(CancellationToken cancellationToken)
    {
        await foreach (var update in RunAsync(cancellationToken).ConfigureAwait(false))
        {
            if (update.Final is not null)
            {
                return update.Final;
            }
        }

        throw new InvalidOperationException("The execution poller ended without a final result.");
    }

    /// <summary>Yields each poll's new chunks as they arrive; the last update carries the final result.</summary>
    internal async IAsyncEnumerable<ExecutionUpdate> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var assembler = new OutputAssembler();
        var polls = 0;
        var emptyRepolls = 0;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Also covers a caller that gave up while the execution was being started.
                await CancelRemoteAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            ExecutionResult poll;
            try
            {
                // A poll may wait for a request-budget token only until the deadline (its last look goes out at the
                // deadline only with a token at hand): an exhausted budget must not carry the wait past it.
                poll = await _poll(_deadline?.Remaining(_time), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await CancelRemoteAsync().ConfigureAwait(false);
                throw;
            }
            catch (BudgetWaitExpiredException) when (_deadline is not null)
            {
                await CancelRemoteAsync().ConfigureAwait(false);
                throw _deadline.Passed(_executionId);
            }

            polls++;
            var fresh = assembler.Add(poll.Output);
            _observeInvoice(poll.PendingInvoice);
            var status = poll.Status is null ? (ExecutionState?)null : new ExecutionState(poll.Status);
            var terminal = ExecutionState.IsTerminal(status);
            if (terminal && assembler.Count == 0 && IsEmptySuccess(poll) && emptyRepolls < MaxEmptyTerminalRepolls)
            {
                emptyRepolls++;
                Log.EmptyTerminalRepoll(_logger, _executionId, emptyRepolls, MaxEmptyTerminalRepolls);
                await PauseAsync(EmptyTerminalRepollDelay < _interval ? EmptyTerminalRepollDelay : _interval, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (terminal)
            {
                var final = new ExecResult(poll.ExecutionId ?? _executionId, status, assembler.All.ToArray(), poll.ExitCode, poll.Error, poll.PendingInvoice, poll.OutputTruncated == true);
                Log.ExecutionEnded(_logger, _executionId, poll.Status, poll.ExitCode, polls, assembler.Count);
                yield return new ExecutionUpdate(fresh, final);
                yield break;
            }

            if (fresh.Count > 0)
            {
                yield return new ExecutionUpdate(fresh, null);
            }

            var pause = PollPacing.Next(_time.GetElapsedTime(_startedAt), _budgetFill(), _interval);
            await PauseAsync(await UntilDeadlineAsync(pause).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits between polls; a cancelled wait cancels the execution on the sandbox before it propagates.</summary>
    private async Task PauseAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pause, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelRemoteAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The pause, shortened so the next poll happens at the deadline at the latest; at the deadline, cancels the
    /// execution on the sandbox and throws.
    /// </summary>
    private async Task<TimeSpan> UntilDeadlineAsync(TimeSpan pause)
    {
        if (_deadline is null)
        {
            return pause;
        }

        var remaining = _deadline.Remaining(_time);
        if (remaining > TimeSpan.Zero)
        {
            return remaining < pause ? remaining : pause;
        }

        await CancelRemoteAsync().ConfigureAwait(false);
        throw _deadline.Passed(_executionId);
    }

    private static bool IsEmptySuccess(ExecutionResult poll) =>
        (poll.Output is null || poll.Output.Count == 0)
        && string.IsNullOrEmpty(poll.Error)
        && poll.ExitCode is null or 0;

    private async Task CancelRemoteAsync()
    {
        Log.CancellingRemoteExecution(_logger, _executionId);
        // The caller's token is already cancelled (or the deadline passed): use a fresh, short-lived one so the DELETE
        // still goes out. It waits for a request-budget token too (cancelling stops the billing, worth a short wait),
        // but no longer than the same bound on the client's clock, so an exhausted budget cannot hold the caller.
        using var timeout = new CancellationTokenSource(RemoteCancelTimeout);
        try
        {
            await _cancelRemote(RemoteCancelTimeout, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.RemoteCancelFailed(_logger, _executionId, exception.GetType().Name, Secrets.Scrub(exception.Message));
        }
    }
}

/// <summary>One step of <see cref="ExecutionPoller.RunAsync"/>: the chunks that are new, and the result once it is over.</summary>
internal sealed record ExecutionUpdate(IReadOnlyList<OutputChunk> NewChunks, ExecResult? Final);
