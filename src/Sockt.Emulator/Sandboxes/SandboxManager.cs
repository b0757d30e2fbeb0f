using System.Security.Cryptography;
using System.Text;
using Sockt.Emulator.Billing;
using Sockt.Emulator.Http;
using Sockt.Emulator.Processes;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// The registry of sandboxes and their lifecycle: create, find (with ownership), pause, resume, terminate, and what
/// billing events (running dry, a payment) do to a sandbox's state. Charges and invoices are the
/// <see cref="BillingMeter"/>'s job; answers are shaped by the endpoints. One gate guards all of that state (the
/// meter's too): the emulator serves one developer, so simplicity beats lock granularity.
/// </summary>
internal sealed class SandboxManager : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly SocktEmulatorOptions options;
    private readonly IReadOnlyDictionary<string, EmulatorTier> tiers;
    private readonly ProcessGroup rootGroup;
    private readonly BillingMeter meter;
    private readonly SandboxHomes homes;
    private readonly CgroupLimits? cgroupLimits;
    private readonly ILogger logger;
    private readonly Dictionary<string, Sandbox> sandboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sandbox> byToken = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource shutdown = new();
    private readonly Task meterLoop;

    public SandboxManager(
        SocktEmulatorOptions options,
        IReadOnlyList<string> apiKeys,
        IReadOnlyList<EmulatorTier> tierTable,
        SandboxHomes homes,
        ProcessGroup rootGroup,
        CgroupLimits? cgroupLimits,
        ILogger logger)
    {
        this.cgroupLimits = cgroupLimits;
        this.options = options;
        this.rootGroup = rootGroup;
        this.logger = logger;
        this.homes = homes;
        tiers = tierTable.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Tiers = tierTable;
        meter = new BillingMeter(options, apiKeys);

        meterLoop = Task.Run(MeterLoopAsync);
    }

    /// <summary>Raised before a sandbox's processes are killed (terminate), so executions can be marked ended.</summary>
    public event Action<Sandbox>? SandboxStopping;

    public BillingClock Clock => meter.Clock;

    public IReadOnlyList<EmulatorTier> Tiers { get; }

    /// <summary>Where this run keeps sandbox homes.</summary>
    public string DataRoot => homes.RunDirectory;

    public bool IsApiKey(string key)
    {
        lock (gate)
        {
            return meter.Ledger.HasAccount(key);
        }
    }

    public bool IsSandboxToken(string token)
    {
        lock (gate)
        {
            return byToken.ContainsKey(token);
        }
    }

    public static string UserIdFor(string apiKey) =>
        "usr_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)))[..12];

    public EmulatorTier RequireTier(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw ApiException.InvalidParams("'tier' is required", "Pick one of: " + string.Join(", ", Tiers.Select(t => t.Name)));
        }

        return tiers.TryGetValue(name, out var tier)
            ? tier
            : throw ApiException.InvalidParams($"unknown tier '{name}'", "Pick one of: " + string.Join(", ", Tiers.Select(t => t.Name)) + " (GET /v1/sandboxes/tiers)");
    }

    public Sandbox CreateCredits(string apiKey, EmulatorTier tier, long initialCents, string? label)
    {
        Sandbox sandbox;
        lock (gate)
        {
            var id = NewSandboxId();
            var home = CreateHome(id, tier);
            double allocation;
            try
            {
                allocation = meter.Ledger.Allocate(apiKey, initialCents);
            }
            catch
            {
                homes.Delete(home);
                throw;
            }

            sandbox = new Sandbox
            {
                Id = id,
                Tier = tier,
                Billing = BillingMethod.Credits,
                Label = label,
                OwnerApiKey = apiKey,
                UserId = UserIdFor(apiKey),
                Home = home,
                Processes = rootGroup.CreateChild(id),
                Limits = LimitsOf(tier),
                Cgroups = cgroupLimits?.CreateSandbox(id, LimitsOf(tier)),
                CreatedAt = DateTimeOffset.UtcNow,
                AllocatedCents = initialCents,
                AllocationMicroCents = allocation,
                Status = SandboxState.Starting,
            };
            sandboxes.Add(id, sandbox);
        }

        BeginBoot(sandbox);
        return sandbox;
    }

    public (Sandbox Sandbox, LightningInvoice Invoice) CreateLightning(EmulatorTier tier, long prepaidSats, string? label)
    {
        lock (gate)
        {
            var id = NewSandboxId();
            var invoice = meter.Ledger.Issue(id, prepaidSats * 1000, topUp: false);
            var sandbox = new Sandbox
            {
                Id = id,
                Tier = tier,
                Billing = BillingMethod.Lightning,
                Label = label,
                Token = "sbx_" + RandomHex(16),
                Home = CreateHome(id, tier),
                Processes = rootGroup.CreateChild(id),
                Limits = LimitsOf(tier),
                Cgroups = cgroupLimits?.CreateSandbox(id, LimitsOf(tier)),
                CreatedAt = DateTimeOffset.UtcNow,
                PrepaidMsats = invoice.AmountMsats,
                PendingInvoice = invoice,
                Status = SandboxState.AwaitingPayment,
            };
            sandboxes.Add(id, sandbox);
            byToken.Add(sandbox.Token, sandbox);
            return (sandbox, invoice);
        }
    }

    /// <summary>The sandbox if <paramref name="caller"/> may use it: 404 when unknown, 403 when it belongs to another credential.</summary>
    public Sandbox GetOwned(Credential caller, string sandboxId)
    {
        lock (gate)
        {
            if (!sandboxes.TryGetValue(sandboxId, out var sandbox))
            {
                throw ApiException.NotFound("sandbox not found");
            }

            var owns = caller.IsApiKey ? sandbox.OwnerApiKey == caller.Secret : sandbox.Token == caller.Secret;
            return owns
                ? sandbox
                : throw ApiException.Forbidden(
                    "sandbox belongs to another caller",
                    "Use the credential that created the sandbox: its API key (credits) or its sbx_ token (Lightning)");
        }
    }

    /// <summary>The sandbox with this id, whoever owns it (for the admin's dashboard), or null.</summary>
    public Sandbox? Find(string sandboxId)
    {
        lock (gate)
        {
            return sandboxes.GetValueOrDefault(sandboxId);
        }
    }

    /// <summary>Refuses data-plane calls (exec, files, shell) unless the sandbox is running.</summary>
    public void RequireDataPlane(Sandbox sandbox)
    {
        Meter();
        lock (gate)
        {
            switch (sandbox.Status)
            {
                case SandboxState.Running:
                    return;
                case SandboxState.Starting:
                    throw new ApiException(StatusCodes.Status400BadRequest, "pod_unreachable", "sandbox is starting; its data plane is not reachable yet", "Wait until GET /v1/sandboxes/{id} reports status running");
                case SandboxState.AwaitingPayment:
                    throw ApiException.InsufficientCredits("the sandbox's invoice is not paid yet", "Pay the invoice returned at create (pending_invoice in the status)");
                case SandboxState.Paused when sandbox.PauseReason == PauseReason.OutOfBalance:
                    throw ApiException.InsufficientCredits(
                        sandbox.Billing == BillingMethod.Lightning ? "sandbox is paused: out of balance" : "sandbox is paused: insufficient credits",
                        sandbox.Billing == BillingMethod.Lightning ? "Pay the pending_invoice from the status response" : "Top up your account balance, then resume the sandbox");
                case SandboxState.Paused:
                    throw ApiException.Conflict("sandbox is paused", "Resume the sandbox first (POST /v1/sandboxes/{id}/resume)");
                default:
                    throw ApiException.Conflict($"sandbox is {sandbox.Status}", "Create a new sandbox");
            }
        }
    }

    public void Pause(Sandbox sandbox)
    {
        var after = new List<Action>();
        lock (gate)
        {
            MeterLocked(after);
            switch (sandbox.Status)
            {
                case SandboxState.Running:
                    sandbox.Status = SandboxState.Paused;
                    sandbox.PauseReason = PauseReason.User;
                    StopSessionsAndFreeze(sandbox, after);
                    break;
                case SandboxState.Paused:
                    break;
                default:
                    throw ApiException.Conflict($"cannot pause a sandbox that is {sandbox.Status}", "Only a running sandbox can be paused");
            }
        }

        RunAll(after);
    }

    public void Resume(Sandbox sandbox)
    {
        var after = new List<Action>();
        lock (gate)
        {
            MeterLocked(after);
            switch (sandbox.Status)
            {
                case SandboxState.Running:
                    break;
                case SandboxState.Paused:
                    if (!meter.Ledger.HasBalance(sandbox))
                    {
                        throw ApiException.InsufficientCredits(
                            "cannot resume: no balance left",
                            sandbox.Billing == BillingMethod.Lightning ? "Pay the pending_invoice from the status response" : "Top up your account balance first");
                    }

                    ThawLocked(sandbox, after);
                    break;
                default:
                    throw ApiException.Conflict($"cannot resume a sandbox that is {sandbox.Status}", "Only a paused sandbox can be resumed");
            }

            AnnounceLocked(sandbox, after);
        }

        RunAll(after);
    }

    /// <summary>Terminates the sandbox (once: a repeated call answers the first termination) and removes its home.</summary>
    public Termination Terminate(Sandbox sandbox, string? lightningAddress)
    {
        var after = new List<Action>();
        Termination termination;
        lock (gate)
        {
            if (sandbox.Termination is { } done)
            {
                return done;
            }

            MeterLocked(after);
            var (refund, consumedTotal) = meter.Ledger.Settle(sandbox, lightningAddress);
            termination = EndLocked(sandbox, consumedTotal, refund);
        }

        RunAll(after);
        DestroyProcessesAndHome(sandbox);
        return termination;
    }

    /// <summary>Meters the sandbox and reads its state and balance at one moment.</summary>
    public SandboxReport Report(Sandbox sandbox)
    {
        var after = new List<Action>();
        lock (gate)
        {
            MeterLocked(after);
            AnnounceLocked(sandbox, after);
        }

        RunAll(after);
        lock (gate)
        {
            var ledger = meter.Ledger;
            return new SandboxReport(
                sandbox,
                sandbox.Status,
                (long)Math.Floor(sandbox.ConsumedMsats),
                sandbox.Billing == BillingMethod.Lightning ? (long)Math.Floor(sandbox.BalanceMsats) : null,
                ledger.SecondsRemaining(sandbox),
                ledger.WarningLevel(sandbox),
                meter.NextPollSeconds(sandbox),
                sandbox.PendingInvoice,
                ledger.Credits(sandbox));
        }
    }

    /// <summary>Pays a Lightning invoice: an unpaid sandbox starts, one that ran dry resumes. Returns the paid invoice.</summary>
    public LightningInvoice PayInvoice(string paymentHash)
    {
        var after = new List<Action>();
        Sandbox sandbox;
        LightningInvoice invoice;
        lock (gate)
        {
            MeterLocked(after);
            (invoice, sandbox) = meter.Pay(paymentHash, id => sandboxes[id]);
            if (sandbox.Status == SandboxState.AwaitingPayment)
            {
                sandbox.Status = SandboxState.Starting;
            }
            else if (sandbox.Status == SandboxState.Paused && sandbox.PauseReason == PauseReason.OutOfBalance && meter.Ledger.HasBalance(sandbox))
            {
                // Paying the top-up resumes a sandbox that ran dry.
                ThawLocked(sandbox, after);
            }

            AnnounceLocked(sandbox, after);
        }

        RunAll(after);
        BeginBoot(sandbox);
        return invoice;
    }

    public void SetCredits(string apiKey, long cents)
    {
        var after = new List<Action>();
        lock (gate)
        {
            meter.Ledger.SetAccount(apiKey, cents);
            foreach (var sandbox in sandboxes.Values.Where(s => s.OwnerApiKey == apiKey))
            {
                AnnounceLocked(sandbox, after);
            }
        }

        RunAll(after);
    }

    public long GetCreditsCents(string apiKey)
    {
        lock (gate)
        {
            return meter.Ledger.AccountCents(apiKey);
        }
    }

    /// <summary>Moves the billing clock and meters the time at once.</summary>
    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Meter();
    }

    public void Meter()
    {
        var after = new List<Action>();
        lock (gate)
        {
            MeterLocked(after);
        }

        RunAll(after);
    }

    /// <summary>Every sandbox with its status at one moment (for the admin API's inspection endpoint).</summary>
    public IReadOnlyList<(Sandbox Sandbox, string Status)> List()
    {
        lock (gate)
        {
            return [.. sandboxes.Values.Select(s => (s, s.Status))];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await shutdown.CancelAsync();
        try
        {
            await meterLoop;
        }
        catch (OperationCanceledException)
        {
        }

        Sandbox[] all;
        lock (gate)
        {
            all = [.. sandboxes.Values];
            foreach (var sandbox in all)
            {
                sandbox.SessionLifetime.Cancel();
            }
        }

        foreach (var sandbox in all)
        {
            // Shutdown terminates every sandbox: state lives in memory, so a home left behind would be garbage.
            DestroyProcessesAndHome(sandbox);
        }

        rootGroup.KillAll();
        rootGroup.Release();
        cgroupLimits?.Release();
        meter.Dispose();
        shutdown.Dispose();
    }

    private async Task MeterLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(shutdown.Token))
        {
            try
            {
                Meter();
            }
            catch (Exception e)
            {
                logger.LogError(e, "Metering failed");
            }
        }
    }

    private void BeginBoot(Sandbox sandbox)
    {
        lock (gate)
        {
            if (sandbox.Status != SandboxState.Starting)
            {
                return;
            }

            if (options.BootDelay <= TimeSpan.Zero)
            {
                MarkRunningLocked(sandbox);
                return;
            }
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(options.BootDelay, shutdown.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lock (gate)
            {
                MarkRunningLocked(sandbox);
            }
        });
    }

    private void MarkRunningLocked(Sandbox sandbox)
    {
        if (sandbox.Status == SandboxState.Starting)
        {
            sandbox.Status = SandboxState.Running;
            meter.StartMetering(sandbox);
        }
    }

    /// <summary>Charges every running sandbox up to now, and ends unpaid ones whose invoice expired.</summary>
    private void MeterLocked(List<Action> after)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var sandbox in sandboxes.Values)
        {
            if (sandbox.Status == SandboxState.AwaitingPayment && sandbox.PendingInvoice?.ExpiresAt < now)
            {
                // Nobody paid: anonymous creates must not pile up homes.
                EndLocked(sandbox, consumedTotal: 0, Refund.Kept(0));
                after.Add(() => DestroyProcessesAndHome(sandbox));
                continue;
            }

            if (sandbox.Status != SandboxState.Running)
            {
                continue;
            }

            if (meter.ChargeElapsed(sandbox))
            {
                AnnounceLocked(sandbox, after);
                continue;
            }

            sandbox.Status = SandboxState.Paused;
            sandbox.PauseReason = PauseReason.OutOfBalance;
            // Shells see out_of_balance before the pause closes them.
            AnnounceLocked(sandbox, after);
            StopSessionsAndFreeze(sandbox, after);
        }
    }

    /// <summary>Queues the billing notices of a warning-level change, raised after the gate is left.</summary>
    private void AnnounceLocked(Sandbox sandbox, List<Action> after)
    {
        var notices = meter.TakeNotices(sandbox);
        if (notices.Count == 0)
        {
            return;
        }

        after.Add(() =>
        {
            foreach (var notice in notices)
            {
                sandbox.RaiseBillingNotice(notice);
            }
        });
    }

    private Termination EndLocked(Sandbox sandbox, long consumedTotal, Refund refund)
    {
        sandbox.Status = SandboxState.Terminated;
        sandbox.TerminatedAt = DateTimeOffset.UtcNow;
        sandbox.PendingInvoice = null;
        sandbox.Termination = new Termination(sandbox.Id, consumedTotal, sandbox.TerminatedAt.Value, refund);
        sandbox.SessionLifetime.Cancel();
        return sandbox.Termination;
    }

    private void StopSessionsAndFreeze(Sandbox sandbox, List<Action> after)
    {
        var lifetime = sandbox.SessionLifetime;
        after.Add(() =>
        {
            // Shells announce the pause and close; processes stop where they are.
            lifetime.Cancel();
            sandbox.Processes.Freeze();
        });
    }

    private void ThawLocked(Sandbox sandbox, List<Action> after)
    {
        sandbox.Status = SandboxState.Running;
        sandbox.PauseReason = PauseReason.None;
        meter.StartMetering(sandbox);
        sandbox.SessionLifetime = new CancellationTokenSource();
        after.Add(sandbox.Processes.Thaw);
    }

    private void DestroyProcessesAndHome(Sandbox sandbox)
    {
        SandboxStopping?.Invoke(sandbox);
        sandbox.Processes.KillAll();
        sandbox.Processes.Release();
        sandbox.Cgroups?.Release();
        try
        {
            homes.Delete(sandbox.Home);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the home of sandbox {SandboxId}", sandbox.Id);
        }
    }

    /// <summary>A new home; a full disk answers 503 <c>no_capacity</c> (the host's path stays out of the answer).</summary>
    private SandboxHome CreateHome(string sandboxId, EmulatorTier tier)
    {
        try
        {
            return homes.Create(sandboxId, LimitsOf(tier).HomeBytes);
        }
        catch (IOException e) when (DiskErrors.IsFull(e))
        {
            logger.LogWarning("No disk space for the home of a new sandbox: {Reason}", e.Message);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "no_capacity", "no disk space left for a new sandbox", "Free disk space on the emulator's host (or terminate sandboxes), then retry");
        }
    }

    /// <summary>The tier's row of <see cref="SocktEmulatorOptions.Limits"/> (<see cref="SandboxLimits.Fallback"/> for a tier it lacks).</summary>
    private SandboxLimits LimitsOf(EmulatorTier tier) =>
        options.Limits.TryGetValue(tier.Name, out var limits) ? limits : SandboxLimits.Fallback;

    private string NewSandboxId()
    {
        string id;
        do
        {
            id = "sb_" + RandomHex(6);
        }
        while (sandboxes.ContainsKey(id));

        return id;
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private static void RunAll(List<Action> actions)
    {
        foreach (var action in actions)
        {
            action();
        }
    }
}
