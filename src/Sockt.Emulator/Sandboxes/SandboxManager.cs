using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sockt.Emulator.Billing;
using Sockt.Emulator.Http;
using Sockt.Emulator.Processes;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// Owns every sandbox and its lifecycle, meters running time into the <see cref="BillingLedger"/>, and tells shells
/// about billing changes. One gate guards all of that state (the ledger's too): the emulator serves one developer,
/// so simplicity beats lock granularity.
/// </summary>
internal sealed class SandboxManager : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly SocktEmulatorOptions options;
    private readonly IReadOnlyDictionary<string, EmulatorTier> tiers;
    private readonly ProcessGroup rootGroup;
    private readonly BillingLedger ledger;
    private readonly ILogger logger;
    private readonly Dictionary<string, Sandbox> sandboxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Sandbox> byToken = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource shutdown = new();
    private readonly Task meterLoop;

    public SandboxManager(
        SocktEmulatorOptions options,
        IReadOnlyList<string> apiKeys,
        IReadOnlyList<EmulatorTier> tierTable,
        string dataRoot,
        ProcessGroup rootGroup,
        ILogger logger)
    {
        this.options = options;
        this.rootGroup = rootGroup;
        this.logger = logger;
        DataRoot = dataRoot;
        tiers = tierTable.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Tiers = tierTable;
        ledger = new BillingLedger(apiKeys, options.AccountCreditsCents, options.LowBalanceSeconds, options.InvoiceExpiry);
        Clock = new BillingClock(options.MeterRealTime);

        meterLoop = Task.Run(MeterLoopAsync);
    }

    /// <summary>Raised before a sandbox's processes are killed (terminate), so executions can be marked ended.</summary>
    public event Action<Sandbox>? SandboxStopping;

    public BillingClock Clock { get; }

    public IReadOnlyList<EmulatorTier> Tiers { get; }

    public string DataRoot { get; }

    public bool IsApiKey(string key)
    {
        lock (gate)
        {
            return ledger.HasAccount(key);
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
            var allocation = ledger.Allocate(apiKey, initialCents);
            var id = NewSandboxId();
            sandbox = new Sandbox
            {
                Id = id,
                Tier = tier,
                Billing = BillingMethod.Credits,
                Label = label,
                OwnerApiKey = apiKey,
                UserId = UserIdFor(apiKey),
                HomeDirectory = CreateHome(id),
                Processes = rootGroup.CreateChild(id),
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
            var invoice = ledger.Issue(id, prepaidSats * 1000, topUp: false);
            var sandbox = new Sandbox
            {
                Id = id,
                Tier = tier,
                Billing = BillingMethod.Lightning,
                Label = label,
                Token = "sbx_" + RandomHex(16),
                HomeDirectory = CreateHome(id),
                Processes = rootGroup.CreateChild(id),
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

    public JsonObject Pause(Sandbox sandbox)
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
        return StateChange(sandbox, SandboxState.Paused);
    }

    public JsonObject Resume(Sandbox sandbox)
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
                    if (!ledger.HasBalance(sandbox))
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

            UpdateWarningLocked(sandbox, after);
        }

        RunAll(after);
        return StateChange(sandbox, SandboxState.Running);
    }

    public JsonObject Terminate(Sandbox sandbox, string? lightningAddress)
    {
        var after = new List<Action>();
        JsonObject result;
        lock (gate)
        {
            if (sandbox.TerminationResult is { } done)
            {
                return (JsonObject)done.DeepClone();
            }

            MeterLocked(after);
            var now = DateTimeOffset.UtcNow;
            var (refund, consumedTotal) = ledger.Settle(sandbox, lightningAddress);

            sandbox.Status = SandboxState.Terminated;
            sandbox.TerminatedAt = now;
            sandbox.PendingInvoice = null;
            result = new JsonObject
            {
                ["sandbox_id"] = sandbox.Id,
                ["status"] = SandboxState.Terminated,
                ["consumed_msats_total"] = consumedTotal,
                ["terminated_at"] = FormatTime(now),
                ["refund"] = refund,
            };
            sandbox.TerminationResult = result;
            sandbox.SessionLifetime.Cancel();
        }

        RunAll(after);
        DestroyProcessesAndHome(sandbox);
        return (JsonObject)result.DeepClone();
    }

    public JsonObject Status(Sandbox sandbox, Credential caller)
    {
        var after = new List<Action>();
        lock (gate)
        {
            MeterLocked(after);
            UpdateWarningLocked(sandbox, after);
        }

        RunAll(after);
        lock (gate)
        {
            var lightning = sandbox.Billing == BillingMethod.Lightning;
            var warning = ledger.WarningLevel(sandbox);
            var status = new JsonObject
            {
                ["sandbox_id"] = sandbox.Id,
                ["status"] = sandbox.Status,
                ["tier"] = sandbox.Tier.Name,
                ["runtime"] = RuntimeName(sandbox),
                ["billing_method"] = lightning ? "lightning" : "credits",
                ["template"] = "sockt-" + sandbox.Tier.Name,
                ["consumed_msats"] = (long)Math.Floor(sandbox.ConsumedMsats),
                ["msats_per_second"] = sandbox.Tier.MsatsPerSecond,
                ["sats_per_second"] = sandbox.Tier.MsatsPerSecond / 1000.0,
                ["prepaid_balance_msats"] = lightning ? (long)Math.Floor(sandbox.BalanceMsats) : null,
                ["seconds_remaining"] = ledger.SecondsRemaining(sandbox),
                ["warning_level"] = warning,
                ["next_poll_secs"] = NextPollSeconds(sandbox, warning),
                ["metrics_stale"] = false,
                ["runtime_consumed_total"] = (long)Math.Floor(sandbox.ConsumedMsats),
                ["pending_invoice"] = InvoiceJson(sandbox.PendingInvoice),
            };
            if (lightning && !caller.IsApiKey && caller.Secret == sandbox.Token)
            {
                status["sandbox_token"] = sandbox.Token;
            }

            return status;
        }
    }

    public JsonObject PayInvoice(string paymentHash)
    {
        var after = new List<Action>();
        Sandbox sandbox;
        LightningInvoice invoice;
        lock (gate)
        {
            MeterLocked(after);
            invoice = ledger.FindInvoice(paymentHash);
            if (invoice.Paid)
            {
                throw new ApiException(StatusCodes.Status409Conflict, "invoice_already_paid", "invoice is already paid", "Pay the sandbox's current pending_invoice instead");
            }

            sandbox = sandboxes[invoice.SandboxId];
            if (sandbox.Status == SandboxState.Terminated)
            {
                throw new ApiException(StatusCodes.Status409Conflict, "sandbox_terminated", "the invoice's sandbox is terminated", "Create a new sandbox");
            }

            if (DateTimeOffset.UtcNow > invoice.ExpiresAt)
            {
                throw new ApiException(StatusCodes.Status409Conflict, "invoice_expired", "invoice has expired", "Pay the sandbox's current pending_invoice");
            }

            invoice.Paid = true;
            sandbox.PaidMsats += invoice.AmountMsats;
            if (ReferenceEquals(sandbox.PendingInvoice, invoice))
            {
                sandbox.PendingInvoice = null;
            }

            if (sandbox.Status == SandboxState.AwaitingPayment)
            {
                sandbox.Status = SandboxState.Starting;
            }
            else if (sandbox.Status == SandboxState.Paused && sandbox.PauseReason == PauseReason.OutOfBalance && ledger.HasBalance(sandbox))
            {
                // Paying the top-up resumes a sandbox that ran dry.
                ThawLocked(sandbox, after);
            }

            UpdateWarningLocked(sandbox, after);
        }

        RunAll(after);
        BeginBoot(sandbox);
        return new JsonObject
        {
            ["payment_hash"] = invoice.PaymentHash,
            ["status"] = "paid",
            ["amount_msats"] = invoice.AmountMsats,
            ["preimage"] = invoice.Preimage,
            ["sandbox_id"] = sandbox.Id,
        };
    }

    public void SetCredits(string apiKey, long cents)
    {
        var after = new List<Action>();
        lock (gate)
        {
            ledger.SetAccount(apiKey, cents);
            foreach (var sandbox in sandboxes.Values.Where(s => s.OwnerApiKey == apiKey))
            {
                UpdateWarningLocked(sandbox, after);
            }
        }

        RunAll(after);
    }

    public long GetCreditsCents(string apiKey)
    {
        lock (gate)
        {
            return ledger.AccountCents(apiKey);
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

    public JsonArray Describe()
    {
        lock (gate)
        {
            return new JsonArray([.. sandboxes.Values.Select(s => (JsonNode)new JsonObject
            {
                ["sandbox_id"] = s.Id,
                ["status"] = s.Status,
                ["tier"] = s.Tier.Name,
                ["billing_method"] = s.Billing == BillingMethod.Lightning ? "lightning" : "credits",
                ["label"] = s.Label,
                ["home_directory"] = s.HomeDirectory,
                ["created_at"] = FormatTime(s.CreatedAt),
            })]);
        }
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject? InvoiceJson(LightningInvoice? invoice) => invoice is null ? null : new JsonObject
    {
        ["bolt11"] = invoice.Bolt11,
        ["payment_hash"] = invoice.PaymentHash,
        ["amount_msats"] = invoice.AmountMsats,
        ["expires_at"] = FormatTime(invoice.ExpiresAt),
    };

    public static string RuntimeName(Sandbox sandbox) =>
        sandbox.Billing == BillingMethod.Lightning ? sandbox.Tier.Runtime : "runpod_" + sandbox.Tier.Runtime;

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
        ledger.Dispose();
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
            sandbox.MeteredUntil = Clock.Now;
        }
    }

    private void MeterLocked(List<Action> after)
    {
        var now = Clock.Now;
        foreach (var sandbox in sandboxes.Values)
        {
            if (sandbox.Status != SandboxState.Running)
            {
                continue;
            }

            var seconds = (now - sandbox.MeteredUntil).TotalSeconds;
            sandbox.MeteredUntil = now;
            if (seconds > 0)
            {
                ChargeLocked(sandbox, seconds, after);
            }

            UpdateWarningLocked(sandbox, after);
        }
    }

    private void ChargeLocked(Sandbox sandbox, double seconds, List<Action> after)
    {
        if (ledger.Charge(sandbox, seconds))
        {
            return;
        }

        sandbox.Status = SandboxState.Paused;
        sandbox.PauseReason = PauseReason.OutOfBalance;
        UpdateWarningLocked(sandbox, after);
        StopSessionsAndFreeze(sandbox, after);
    }

    private static int NextPollSeconds(Sandbox sandbox, string warning) => sandbox.Status switch
    {
        SandboxState.Starting => 2,
        SandboxState.AwaitingPayment => 5,
        _ when warning != "ok" => 5,
        _ => 15,
    };

    private void UpdateWarningLocked(Sandbox sandbox, List<Action> after)
    {
        ledger.RefreshInvoice(sandbox);
        var level = ledger.WarningLevel(sandbox);
        if (level == sandbox.AnnouncedWarning)
        {
            return;
        }

        sandbox.AnnouncedWarning = level;
        var lightning = sandbox.Billing == BillingMethod.Lightning;
        var notices = level switch
        {
            "low_balance" when lightning =>
            [
                new BillingNotice("low_balance", "Balance running low: about " + ledger.SecondsRemaining(sandbox) + " seconds of compute left"),
                new BillingNotice("deposit_required", "Pay the pending invoice to keep the sandbox running: " + sandbox.PendingInvoice?.Bolt11),
            ],
            "low_balance" => [new BillingNotice("low_balance", "Credits running low: about " + ledger.SecondsRemaining(sandbox) + " seconds of compute left")],
            "out_of_balance" => [new BillingNotice("out_of_balance", lightning ? "Balance depleted: the sandbox pauses until the pending invoice is paid" : "Credits depleted: the sandbox pauses until the account is topped up")],
            _ => new[] { new BillingNotice("billing", "Balance restored") },
        };
        after.Add(() =>
        {
            foreach (var notice in notices)
            {
                sandbox.RaiseBillingNotice(notice);
            }
        });
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
        sandbox.MeteredUntil = Clock.Now;
        sandbox.SessionLifetime = new CancellationTokenSource();
        after.Add(sandbox.Processes.Thaw);
    }

    private void DestroyProcessesAndHome(Sandbox sandbox)
    {
        SandboxStopping?.Invoke(sandbox);
        sandbox.Processes.KillAll();
        sandbox.Processes.Release();
        try
        {
            if (Directory.Exists(sandbox.HomeDirectory))
            {
                Directory.Delete(Path.GetDirectoryName(sandbox.HomeDirectory)!, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the home of sandbox {SandboxId}", sandbox.Id);
        }
    }

    private string CreateHome(string sandboxId)
    {
        var home = Path.Combine(DataRoot, "sandboxes", sandboxId, "home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, ".bashrc"), "# ~/.bashrc of a Sockt emulator sandbox\nPS1='sandbox:\\w\\$ '\n");
        File.WriteAllText(Path.Combine(home, ".profile"), "# ~/.profile of a Sockt emulator sandbox\n[ -n \"$BASH_VERSION\" ] && [ -f \"$HOME/.bashrc\" ] && . \"$HOME/.bashrc\"\n");
        return home;
    }

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

    private static JsonObject StateChange(Sandbox sandbox, string status) => new() { ["sandbox_id"] = sandbox.Id, ["status"] = status };

    private static void RunAll(List<Action> actions)
    {
        foreach (var action in actions)
        {
            action();
        }
    }
}
