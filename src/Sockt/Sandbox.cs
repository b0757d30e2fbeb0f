using Microsoft.Extensions.Logging;
using Sockt.Api;
using Sockt.Diagnostics;
using Sockt.Internal;
using Sockt.Models;

namespace Sockt;

/// <summary>
/// One sandbox: its lifecycle (<see cref="RefreshStatusAsync"/>, <see cref="WaitUntilRunningAsync"/>, pause, resume,
/// terminate), command executions, files and billing events. Get one from
/// <see cref="ComputeClient.CreateSandboxAsync(string, BillingMethod?, long?, int?, string?, CancellationToken)"/> or
/// <see cref="ComputeClient.GetSandboxAsync(string, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// A sandbox created with Lightning billing carries the <c>sbx_…</c> token the service returned and uses it for all of
/// its calls. The state properties are updated by every call that reads the status; reading them is thread-safe.
/// All members are virtual so the type can be mocked (use the protected constructor).
/// </remarks>
public partial class Sandbox
{
    private readonly ClientCore? _core;
    private readonly object _gate = new();
    private readonly string? _ownToken;
    private SocktCredential? _ownCredential;
    private SandboxState? _status;
    private string? _tier;
    private BillingMethod? _billingMethod;
    private PendingInvoice? _pendingInvoice;
    private SandboxStatus? _lastStatus;

    /// <summary>For mocking frameworks: a sandbox with no client behind it.</summary>
    protected Sandbox()
    {
        Id = string.Empty;
    }

    internal Sandbox(ClientCore? core, string id, string? ownToken)
    {
        _core = core;
        Id = id;
        _ownToken = ownToken;
    }

    /// <summary>The sandbox id.</summary>
    public virtual string Id { get; }

    /// <summary>The last lifecycle state seen (an open set: compare with the values of <see cref="SandboxState"/>).</summary>
    public virtual SandboxState? Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>The Lightning invoice awaiting payment, if any (from creation or the last status).</summary>
    public virtual PendingInvoice? PendingInvoice
    {
        get
        {
            lock (_gate)
            {
                return _pendingInvoice;
            }
        }
    }

    /// <summary><see cref="Sockt.BillingMethod.Credits"/> or <see cref="Sockt.BillingMethod.Lightning"/>, when known.</summary>
    public virtual BillingMethod? BillingMethod
    {
        get
        {
            lock (_gate)
            {
                return _billingMethod;
            }
        }
    }

    /// <summary>The compute tier, when known.</summary>
    public virtual string? Tier
    {
        get
        {
            lock (_gate)
            {
                return _tier;
            }
        }
    }

    /// <summary>The last full status read (with <see cref="SandboxStatus.RawJson"/>), or <see langword="null"/> before the first.</summary>
    public virtual SandboxStatus? LastStatus
    {
        get
        {
            lock (_gate)
            {
                return _lastStatus;
            }
        }
    }

    /// <summary>
    /// The sandbox token (<c>sbx_…</c>) this sandbox authenticates with, if any: the one returned when it was created
    /// with Lightning billing, else the client's. Keep it secret; it is never logged or shown by <see cref="ToString"/>.
    /// </summary>
    public virtual string? SandboxToken => _ownToken ?? _core?.Settings.SandboxToken;

    internal ClientCore Core => _core ?? throw new InvalidOperationException("This Sandbox has no client behind it (it was built by SocktModelFactory or a mock); it cannot make calls.");

    /// <summary>The sandbox's own token if it has one, else the client's credential.</summary>
    internal SocktCredential Credential => _ownToken is not null ? _ownCredential ??= new SocktCredential(_ownToken, IsSandboxToken: true) : Core.Settings.DefaultCredential;

    /// <summary>Fetches the latest status, updates <see cref="Status"/>, <see cref="PendingInvoice"/> and the other state, and raises billing events that changed.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The full status, with the raw JSON in <see cref="SandboxStatus.RawJson"/>.</returns>
    public virtual Task<SandboxStatus> RefreshStatusAsync(CancellationToken cancellationToken = default)
    {
        // The hottest call: without a trace listener there is no activity to end, and no async frame is needed for it.
        var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.RefreshStatus", Id);
        return activity is null ? FetchStatusAsync(cancellationToken) : RefreshTracedAsync(activity, cancellationToken);
    }

    private async Task<SandboxStatus> RefreshTracedAsync(System.Diagnostics.Activity activity, CancellationToken cancellationToken)
    {
        using (activity)
        {
            try
            {
                return await FetchStatusAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                SocktDiagnostics.RecordFailure(activity, exception);
                throw;
            }
        }
    }

    /// <summary>
    /// Waits until the sandbox is <c>running</c> and (unless <see cref="ComputeClientOptions.DataPlaneProbe"/> is off)
    /// its data plane answers a file listing, as the official CLI checks. The pauses between checks start at 100 ms and
    /// double up to <paramref name="pollInterval"/>, longer when the credential's request budget
    /// (<see cref="ComputeClientOptions.RequestBudget"/>) runs low; a status whose <c>next_poll_secs</c> asks for a
    /// shorter pause gets it.
    /// </summary>
    /// <param name="timeout">How long to wait (default <see cref="ComputeClientOptions.WaitTimeout"/>, 120 s).</param>
    /// <param name="pollInterval">Longest pause between checks (default <see cref="ComputeClientOptions.WaitPollInterval"/>, 2 s).</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the sandbox is ready.</returns>
    /// <exception cref="SandboxNotRunningException">The sandbox failed or was terminated, or <paramref name="timeout"/> passed.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> or <paramref name="pollInterval"/> is not positive.</exception>
    public virtual async Task WaitUntilRunningAsync(TimeSpan? timeout = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        if (timeout is { } t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(t, TimeSpan.Zero, nameof(timeout));
        }

        if (pollInterval is { } p)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, TimeSpan.Zero, nameof(pollInterval));
        }

        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.WaitUntilRunning", Id);
        try
        {
            await new SandboxReadinessWaiter(this, timeout ?? Core.Settings.WaitTimeout, pollInterval ?? Core.Settings.WaitPollInterval)
                .WaitAsync(cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Pauses the sandbox: compute and billing stop until <see cref="ResumeAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the service confirmed; <see cref="Status"/> is updated.</returns>
    public virtual Task PauseAsync(CancellationToken cancellationToken = default) =>
        ChangeStateAsync("Sockt.Sandbox.Pause", SandboxState.Paused, (api, ct) => api.PauseSandboxAsync(Id, ct), cancellationToken);

    /// <summary>Resumes a paused sandbox. Its data plane may need a moment: call <see cref="WaitUntilRunningAsync"/> before using it.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the service confirmed; <see cref="Status"/> is updated.</returns>
    public virtual Task ResumeAsync(CancellationToken cancellationToken = default) =>
        ChangeStateAsync("Sockt.Sandbox.Resume", SandboxState.Running, (api, ct) => api.ResumeSandboxAsync(Id, ct), cancellationToken);

    /// <summary>Destroys the sandbox for good and settles its balance.</summary>
    /// <param name="lightningAddress">Lightning address to refund unused prepaid balance to (Lightning billing); credits go back to the account.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The termination result, with the refund.</returns>
    public virtual async Task<TerminationResult> TerminateAsync(string? lightningAddress = null, CancellationToken cancellationToken = default)
    {
        if (lightningAddress is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(lightningAddress, nameof(lightningAddress));
        }

        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.Terminate", Id);
        try
        {
            var credential = Credential;
            var body = lightningAddress is null ? null : new TerminateSandboxRequest { LightningAddress = lightningAddress };
            var result = await Core.CallAsync(credential, api => api.TerminateSandboxAsync(Id, credential.QueryToken, body, cancellationToken), cancellationToken).ConfigureAwait(false)
                ?? new TerminationResult { WireSandboxId = Id, WireStatus = SandboxState.Terminated.ToString() };
            lock (_gate)
            {
                _status = string.IsNullOrEmpty(result.WireStatus) ? SandboxState.Terminated : result.Status;
            }

            return result;
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Describes the sandbox (never its token).</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"Sandbox(Id={Id}, Status={Status?.ToString() ?? "unknown"}, Tier={Tier ?? "unknown"}, BillingMethod={BillingMethod?.ToString() ?? "unknown"})";

    /// <summary>Reads the status without an activity of its own (used inside other operations).</summary>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="budgetWaitLimit">How long the call may wait for a request-budget token; null: until the token is cancelled.</param>
    internal async Task<SandboxStatus> FetchStatusAsync(CancellationToken cancellationToken, TimeSpan? budgetWaitLimit = null)
    {
        var credential = Credential;
        var (status, raw) = await Core.GetJsonAsync<SandboxStatus>(credential, SocktApiRoutes.GetSandboxStatus(Id, credential.QueryToken), cancellationToken, budgetWaitLimit).ConfigureAwait(false);
        if (status is null)
        {
            throw new ApiException($"Sockt API GET /v1/sandboxes/{Id} answered an empty body.", 200);
        }

        // Checked first so that a good answer does not pay for the operation's text.
        var hasId = RequiredFields.HasText(status.SandboxId);
        var hasStatus = RequiredFields.HasText(status.WireStatus);
        if (!hasId || !hasStatus)
        {
            RequiredFields.Check($"GET /v1/sandboxes/{Id}", 200, ("sandbox_id", hasId), ("status", hasStatus));
        }
        status.RawJson = raw;
        ApplyStatus(status);
        return status;
    }

    /// <summary>Takes the state from the create response (no events: the caller holds the invoice already).</summary>
    internal void ApplyCreated(SandboxState? status, string? tier, BillingMethod? billingMethod, PendingInvoice? invoice)
    {
        lock (_gate)
        {
            _status = status;
            _tier = tier;
            _billingMethod = billingMethod;
            _pendingInvoice = invoice;
            RememberInvoiceLocked(invoice);
        }
    }

    private void ApplyStatus(SandboxStatus status)
    {
        var invoice = status.PendingInvoice;
        lock (_gate)
        {
            _lastStatus = status;
            if (!string.IsNullOrEmpty(status.WireStatus))
            {
                _status = status.Status;
            }

            _tier = status.Tier ?? _tier;
            _billingMethod = status.BillingMethod ?? _billingMethod;
            if (invoice is not null)
            {
                _pendingInvoice = invoice;
            }
            else if (_status != SandboxState.AwaitingPayment)
            {
                // Paid (or never needed); while still awaiting payment keep the invoice from creation.
                _pendingInvoice = null;
            }
        }

        ObserveInvoice(invoice);
        ObserveWarning(status);
    }

    private async Task ChangeStateAsync(string operation, SandboxState expectedState, Func<ISocktApi, CancellationToken, Task<SandboxStateChange>> call, CancellationToken cancellationToken)
    {
        using var activity = SocktDiagnostics.StartOperation(operation, Id);
        try
        {
            var change = await Core.CallAsync(Credential, api => call(api, cancellationToken), cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _status = string.IsNullOrEmpty(change?.Status) ? expectedState : new SandboxState(change.Status);
            }
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    private ILogger Logger => _core?.Logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
}
