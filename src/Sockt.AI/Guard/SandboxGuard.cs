using System.Globalization;
using Microsoft.Extensions.Logging;
using Sockt.AI.Sdk;
using Sockt.AI.Tools;

namespace Sockt.AI.Guard;

/// <summary>
/// The spending and safety guard every tool call goes through: it knows the sandboxes the tools may act on, refuses
/// what would exceed a limit (with a result naming the limit), ends sandboxes past their lifetime or over budget, and
/// terminates the sandboxes the tools created when it is disposed.
/// </summary>
internal sealed class SandboxGuard : IAsyncDisposable
{
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(10);

    private readonly object gate = new();
    private readonly Dictionary<string, TrackedSandbox> sandboxes = new(StringComparer.Ordinal);
    private readonly List<Task> expiries = [];
    private readonly CancellationTokenSource disposing = new();
    private readonly SandboxGateway gateway;
    private readonly SocktToolLimits limits;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private int reservedSlots;
    private int disposed;

    public SandboxGuard(SandboxGateway gateway, SocktToolLimits limits, TimeProvider time, ILogger logger)
    {
        this.gateway = gateway;
        this.limits = limits;
        this.time = time;
        this.logger = logger;
    }

    public SocktToolLimits Limits => limits;

    /// <summary>Watches a sandbox the caller owns (a sandbox-bound set): its spending counts, but the tools never end it.</summary>
    public TrackedSandbox Adopt(Sandbox sandbox)
    {
        var tracked = new TrackedSandbox(sandbox, createdByTools: false, time.GetUtcNow());
        lock (gate)
        {
            sandboxes[tracked.Id] = tracked;
        }

        return tracked;
    }

    public ToolResult? CheckTier(string tier) =>
        limits.AllowedTiers.Contains(tier, StringComparer.Ordinal)
            ? null
            : Refuse(SocktToolNames.CreateSandbox, SocktLimitNames.AllowedTiers,
                $"Tier '{tier}' is not allowed here; the allowed tiers are {string.Join(", ", limits.AllowedTiers)}. Ask for one of those.");

    public ToolResult? CheckCommandTimeout(TimeSpan timeout) =>
        timeout <= limits.MaxCommandTimeout
            ? null
            : Refuse(SocktToolNames.RunCommand, SocktLimitNames.MaxCommandTimeout,
                $"timeout_seconds {Seconds(timeout)} is above the ceiling of {Seconds(limits.MaxCommandTimeout)} seconds. Ask for at most {Seconds(limits.MaxCommandTimeout)}, or split the work into shorter commands (start long jobs in the background with nohup and check on them).");

    /// <summary>Finds a sandbox the tools may act on, or a result saying why not.</summary>
    public SandboxLookup Find(string sandboxId)
    {
        TrackedSandbox? tracked;
        lock (gate)
        {
            sandboxes.TryGetValue(sandboxId, out tracked);
        }

        if (tracked is null)
        {
            return new SandboxLookup(null, ToolResult.Failure(SocktToolErrors.UnknownSandbox,
                $"No sandbox '{sandboxId}' was created by these tools. Use the sandbox_id that create_sandbox returned, or create one."));
        }

        if (tracked.CreatedByTools && tracked.IsAlive && time.GetUtcNow() - tracked.Since >= limits.MaxSandboxLifetime)
        {
            // The expiry timer may not have fired yet; the limit holds all the same.
            ExpireNow(tracked);
        }

        return tracked.EndReason switch
        {
            null => new SandboxLookup(tracked, null),
            SocktLimitNames.MaxLifetime => new SandboxLookup(null, ToolResult.LimitExceeded(SocktLimitNames.MaxLifetime,
                $"Sandbox '{sandboxId}' reached the maximum lifetime of {Duration(limits.MaxSandboxLifetime)} and was terminated; its files are gone. Create a new sandbox if you need one.")),
            SocktLimitNames.MaxSpendSats or SocktLimitNames.MaxSpendCents => new SandboxLookup(null, ToolResult.LimitExceeded(tracked.EndReason,
                $"Sandbox '{sandboxId}' was terminated because the spending limit was reached. No further sandboxes can be used in this session; tell the user.")),
            _ => new SandboxLookup(null, ToolResult.Failure(SocktToolErrors.SandboxNotRunning,
                $"Sandbox '{sandboxId}' was terminated; its files are gone. Create a new sandbox if you need one.")),
        };
    }

    /// <summary>
    /// Refreshes the consumption of every live sandbox and refuses when the budget is spent; then the sandboxes the
    /// tools created are terminated, so that nothing keeps billing.
    /// </summary>
    public async Task<ToolResult?> CheckSpendingAsync(string tool, CancellationToken cancellationToken)
    {
        if (limits.MaxSpendSats is null && limits.MaxSpendCents is null)
        {
            return null;
        }

        var live = Live(createdOnly: false);
        await Task.WhenAll(live.Select(t => RefreshAsync(t, cancellationToken))).ConfigureAwait(false);
        var (sats, cents) = await SpentAsync(cancellationToken).ConfigureAwait(false);
        string? limit = null;
        string? spent = null;
        if (limits.MaxSpendSats is { } maxSats && sats >= maxSats)
        {
            limit = SocktLimitNames.MaxSpendSats;
            spent = $"{sats.ToString("0.###", CultureInfo.InvariantCulture)} sats of the {maxSats.ToString(CultureInfo.InvariantCulture)} sats allowed";
        }
        else if (limits.MaxSpendCents is { } maxCents && cents >= maxCents)
        {
            limit = SocktLimitNames.MaxSpendCents;
            spent = $"{cents.ToString("0.####", CultureInfo.InvariantCulture)} cents of the {maxCents.ToString(CultureInfo.InvariantCulture)} cents allowed";
        }

        if (limit is null)
        {
            return null;
        }

        var ended = Live(createdOnly: true);
        foreach (var tracked in ended)
        {
            await EndAsync(tracked, limit, cancellationToken).ConfigureAwait(false);
        }

        return Refuse(tool, limit,
            $"The spending limit is reached: the sandboxes consumed {spent}. "
            + (ended.Count > 0 ? $"The sandboxes these tools created ({string.Join(", ", ended.Select(t => t.Id))}) were terminated. " : string.Empty)
            + "Nothing more can run in this session; tell the user what was done so far.");
    }

    /// <summary>Creates a sandbox within the sandbox-count limit; it is terminated when its lifetime is over.</summary>
    public async Task<SandboxLookup> CreateAsync(string tier, string label, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var alive = sandboxes.Values.Where(t => t.CreatedByTools && t.IsAlive).Select(t => t.Id).ToList();
            if (alive.Count + reservedSlots >= limits.MaxSandboxes)
            {
                return new SandboxLookup(null, Refuse(SocktToolNames.CreateSandbox, SocktLimitNames.MaxSandboxes,
                    $"At most {limits.MaxSandboxes} sandbox(es) may be alive at once"
                    + (alive.Count > 0 ? $" and these are: {string.Join(", ", alive)}" : string.Empty)
                    + ". Reuse one of them, or terminate one with terminate_sandbox first."));
            }

            reservedSlots++;
        }

        try
        {
            var sandbox = await gateway.CreateRunningAsync(tier, label, cancellationToken).ConfigureAwait(false);
            var tracked = new TrackedSandbox(sandbox, createdByTools: true, time.GetUtcNow()) { BaselineMsats = 0, Tier = tier };
            lock (gate)
            {
                sandboxes[tracked.Id] = tracked;
                expiries.Add(ExpireAfterLifetimeAsync(tracked));
            }

            GuardLog.Created(logger, tracked.Id, tier);
            return new SandboxLookup(tracked, null);
        }
        finally
        {
            lock (gate)
            {
                reservedSlots--;
            }
        }
    }

    /// <summary>Reads the sandbox's status and records its consumption.</summary>
    public async Task<SandboxSnapshot> RefreshStatusAsync(TrackedSandbox tracked, CancellationToken cancellationToken)
    {
        var snapshot = await gateway.StatusAsync(tracked.Sandbox, cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            tracked.BaselineMsats ??= snapshot.ConsumedMsats;
            tracked.ConsumedMsats = Math.Max(tracked.ConsumedMsats, snapshot.ConsumedMsats);
            tracked.MsatsPerSecond = snapshot.MsatsPerSecond;
            tracked.Tier = snapshot.Tier ?? tracked.Tier;
            if (snapshot.State is "terminated" or "failed" && tracked.IsAlive)
            {
                tracked.EndReason = "gone";
            }
        }

        return snapshot;
    }

    /// <summary>Terminates a sandbox the tools created (asked for by the model), after recording its last consumption.</summary>
    public Task TerminateAsync(TrackedSandbox tracked, CancellationToken cancellationToken) => EndAsync(tracked, "terminated", cancellationToken);

    /// <summary>Sats and cents consumed by every sandbox the tools watch, since they first saw it.</summary>
    public async Task<(decimal Sats, decimal Cents)> SpentAsync(CancellationToken cancellationToken)
    {
        List<(long Msats, long Rate, string? Tier)> spending;
        lock (gate)
        {
            spending = sandboxes.Values.Select(t => (t.SpentMsats, t.MsatsPerSecond, t.Tier)).ToList();
        }

        var sats = spending.Sum(s => (decimal)s.Msats) / 1000m;
        if (limits.MaxSpendCents is null)
        {
            return (sats, 0);
        }

        var prices = await gateway.CentsPerSecondAsync(cancellationToken).ConfigureAwait(false);
        var cents = spending
            .Where(s => s.Rate > 0 && s.Tier is not null && prices.ContainsKey(s.Tier))
            .Sum(s => (decimal)s.Msats / s.Rate * (decimal)prices[s.Tier!]);
        return (sats, cents);
    }

    /// <summary>How long a sandbox the tools created has left to live.</summary>
    public TimeSpan? LifetimeLeft(TrackedSandbox tracked) =>
        tracked.CreatedByTools ? limits.MaxSandboxLifetime - (time.GetUtcNow() - tracked.Since) : null;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await disposing.CancelAsync().ConfigureAwait(false);
        Task[] timers;
        lock (gate)
        {
            timers = [.. expiries];
        }

        await Task.WhenAll(timers).ConfigureAwait(false);
        using var cleanup = new CancellationTokenSource(CleanupTimeout);
        await Task.WhenAll(Live(createdOnly: true).Select(t => EndAsync(t, "the tool set was disposed", cleanup.Token))).ConfigureAwait(false);
        disposing.Dispose();
    }

    private List<TrackedSandbox> Live(bool createdOnly)
    {
        lock (gate)
        {
            return sandboxes.Values.Where(t => t.IsAlive && (t.CreatedByTools || !createdOnly)).ToList();
        }
    }

    private async Task RefreshAsync(TrackedSandbox tracked, CancellationToken cancellationToken)
    {
        try
        {
            await RefreshStatusAsync(tracked, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocktException or HttpRequestException)
        {
            // The last known consumption still counts; the call itself will report what is wrong with the sandbox.
            GuardLog.StatusFailed(logger, tracked.Id, e.GetType().Name);
        }
    }

    private async Task ExpireAfterLifetimeAsync(TrackedSandbox tracked)
    {
        try
        {
            await Task.Delay(limits.MaxSandboxLifetime, time, disposing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        using var cleanup = new CancellationTokenSource(CleanupTimeout);
        await EndAsync(tracked, SocktLimitNames.MaxLifetime, cleanup.Token).ConfigureAwait(false);
    }

    private void ExpireNow(TrackedSandbox tracked)
    {
        lock (gate)
        {
            expiries.Add(EndAsync(tracked, SocktLimitNames.MaxLifetime, CancellationToken.None));
        }
    }

    /// <summary>Marks the sandbox ended (at once, so no new call uses it) and terminates it; never throws.</summary>
    private async Task EndAsync(TrackedSandbox tracked, string reason, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!tracked.IsAlive)
            {
                return;
            }

            tracked.EndReason = reason;
        }

        try
        {
            // The last consumption first: credits sandboxes report none once terminated.
            await RefreshAsync(tracked, cancellationToken).ConfigureAwait(false);
            await gateway.TerminateAsync(tracked.Sandbox, cancellationToken).ConfigureAwait(false);
            GuardLog.Terminated(logger, tracked.Id, reason);
        }
        catch (Exception e) when (e is SocktException or HttpRequestException or OperationCanceledException)
        {
            GuardLog.TerminateFailed(logger, tracked.Id, e.GetType().Name);
        }
    }

    private ToolResult Refuse(string tool, string limit, string message)
    {
        GuardLog.Refused(logger, tool, limit);
        return ToolResult.LimitExceeded(limit, message);
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan value) => value.TotalHours >= 1
        ? value.TotalHours.ToString("0.##", CultureInfo.InvariantCulture) + " h"
        : value.TotalMinutes >= 1 ? value.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture) + " min" : Seconds(value) + " s";
}
