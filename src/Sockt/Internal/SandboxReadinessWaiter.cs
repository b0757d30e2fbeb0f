using Sockt.Diagnostics;
using Sockt.Http;
using Sockt.Models;

namespace Sockt.Internal;

/// <summary>
/// The loop behind <see cref="Sandbox.WaitUntilRunningAsync"/>: status until <c>running</c>, then the CLI's data-plane
/// probe (<c>GET /files?path=.</c>) until it answers; fails fast on <c>failed</c>/<c>terminated</c>. The pauses start at
/// <see cref="InitialDelay"/> and double up to the poll interval, so a sandbox that is ready after 200 ms is not
/// waited on for a whole interval; like execution polling, they stretch as the credential's request budget drains
/// (<see cref="PollPacing.Stretch"/>), and every check takes its token from that budget, waiting for one no longer than
/// the timeout.
/// </summary>
internal sealed class SandboxReadinessWaiter
{
    internal static readonly TimeSpan InitialDelay = TimeSpan.FromMilliseconds(100);

    private readonly Sandbox _sandbox;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _pollInterval;

    internal SandboxReadinessWaiter(Sandbox sandbox, TimeSpan timeout, TimeSpan pollInterval)
    {
        _sandbox = sandbox;
        _timeout = timeout;
        _pollInterval = pollInterval;
    }

    internal async Task WaitAsync(CancellationToken cancellationToken)
    {
        var core = _sandbox.Core;
        var time = core.Time;
        var started = time.GetTimestamp();
        var step = InitialDelay < _pollInterval ? InitialDelay : _pollInterval;
        string? notReadyReason = null;
        SandboxState? state = null;
        while (true)
        {
            SandboxStatus status;
            try
            {
                // A check may wait for a request-budget token only until the wait's end: an exhausted budget must not
                // carry it past the timeout.
                status = await _sandbox.FetchStatusAsync(cancellationToken, _timeout - time.GetElapsedTime(started)).ConfigureAwait(false);
            }
            catch (BudgetWaitExpiredException)
            {
                throw NotReady(state, notReadyReason, "; no request-budget token came before the timeout (RequestBudgetOptions)");
            }

            state = status.Status;
            if (state == SandboxState.Failed || state == SandboxState.Terminated)
            {
                throw new SandboxNotRunningException($"Sandbox {_sandbox.Id} is {state}; it will not start.", _sandbox.Id, state);
            }

            if (state == SandboxState.Running)
            {
                try
                {
                    notReadyReason = core.Settings.DataPlaneProbe ? await ProbeDataPlaneAsync(_timeout - time.GetElapsedTime(started), cancellationToken).ConfigureAwait(false) : null;
                }
                catch (BudgetWaitExpiredException)
                {
                    throw NotReady(state, notReadyReason, "; no request-budget token came before the timeout (RequestBudgetOptions)");
                }

                if (notReadyReason is null)
                {
                    Log.SandboxRunning(core.Logger, _sandbox.Id);
                    return;
                }

                Log.DataPlaneNotReady(core.Logger, _sandbox.Id, notReadyReason);
            }

            var remaining = _timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw NotReady(state, notReadyReason, string.Empty);
            }

            var delay = NextDelay(status, PollPacing.Stretch(step, core.Budgets.Fill(_sandbox.Credential.Bearer), _pollInterval), remaining);
            step = step + step < _pollInterval ? step + step : _pollInterval;
            Log.WaitingForSandbox(core.Logger, _sandbox.Id, state?.ToString(), (long)delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private SandboxNotRunningException NotReady(SandboxState? state, string? notReadyReason, string why)
    {
        var detail = notReadyReason is not null && state == SandboxState.Running ? $"; its data plane did not answer ({notReadyReason})" : string.Empty;
        return new SandboxNotRunningException(
            $"Sandbox {_sandbox.Id} was not ready within {_timeout.TotalSeconds:0.###} s (last status: {state?.ToString() ?? "unknown"}{detail}{why}).",
            _sandbox.Id,
            state);
    }

    /// <summary>
    /// The pause before the next check: the back-off step, never longer than <c>next_poll_secs</c> when the service
    /// asks to come back sooner than that, and never past the deadline (so the last check happens at the deadline).
    /// </summary>
    private static TimeSpan NextDelay(SandboxStatus status, TimeSpan step, TimeSpan remaining)
    {
        var delay = step;
        if (status.NextPollInterval is { } next && next > TimeSpan.Zero && next < delay)
        {
            delay = next;
        }

        return delay < remaining ? delay : remaining;
    }

    /// <summary>Returns null when the data plane answers, else why it does not (errors that mean "still booting").</summary>
    private async Task<string?> ProbeDataPlaneAsync(TimeSpan budgetWaitLimit, CancellationToken cancellationToken)
    {
        try
        {
            await _sandbox.ListFilesCoreAsync(".", recursive: false, maxDepth: null, cancellationToken, budgetWaitLimit).ConfigureAwait(false);
            return null;
        }
        catch (HostUnreachableException exception)
        {
            return $"{exception.StatusCode} {exception.Slug}".TrimEnd();
        }
        catch (SocktException exception) when (IsBooting(exception))
        {
            return $"{exception.StatusCode} {exception.Slug}".TrimEnd();
        }
    }

    /// <summary>400 <c>pod_unreachable</c> and <c>host_error</c> (any status) are the service's "no data plane yet".</summary>
    private static bool IsBooting(SocktException exception) =>
        string.Equals(exception.Slug, "pod_unreachable", StringComparison.OrdinalIgnoreCase)
        || string.Equals(exception.Slug, "host_error", StringComparison.OrdinalIgnoreCase)
        || string.Equals(exception.Slug, "pod_starting", StringComparison.OrdinalIgnoreCase);

}
