using Sockt.Emulator.Billing;
using Sockt.Emulator.Processes;

namespace Sockt.Emulator.Sandboxes;

/// <summary>One sandbox: identity, owner, lifecycle and billing counters. Mutable state is guarded by <see cref="SandboxManager"/>'s gate.</summary>
internal sealed class Sandbox
{
    /// <summary>Shell sessions open now; see <see cref="TryOpenShell"/>.</summary>
    private int openShells;

    public required string Id { get; init; }

    public required EmulatorTier Tier { get; init; }

    public required BillingMethod Billing { get; init; }

    public string? Label { get; init; }

    /// <summary>API key that owns a credits sandbox; never written to logs or responses.</summary>
    public string? OwnerApiKey { get; init; }

    /// <summary>The <c>sbx_</c> token of a Lightning sandbox.</summary>
    public string? Token { get; init; }

    public string? UserId { get; init; }

    public required SandboxHome Home { get; init; }

    /// <summary>The home's host path.</summary>
    public string HomeDirectory => Home.Directory;

    public required ProcessGroup Processes { get; init; }

    /// <summary>What the sandbox may use (its tier's row of the limits table).</summary>
    public required SandboxLimits Limits { get; init; }

    /// <summary>The pids and memory cgroups enforcing <see cref="Limits"/>; null where the emulator cannot create them.</summary>
    public SandboxCgroups? Cgroups { get; init; }

    /// <summary>Counts a new shell session until the slot is disposed; null when <see cref="SandboxLimits.MaxShells"/> are open already.</summary>
    public ShellSlot? TryOpenShell()
    {
        if (Interlocked.Increment(ref openShells) <= Limits.MaxShells)
        {
            return new ShellSlot(() => Interlocked.Decrement(ref openShells));
        }

        Interlocked.Decrement(ref openShells);
        return null;
    }

    public required DateTimeOffset CreatedAt { get; init; }

    public string Status { get; set; } = SandboxState.Starting;

    public PauseReason PauseReason { get; set; }

    /// <summary>Billing-clock time up to which running time has been charged.</summary>
    public TimeSpan MeteredUntil { get; set; }

    /// <summary>Seconds of running time charged so far.</summary>
    public double MeteredSeconds { get; set; }

    /// <summary>Credits: cents allocated at create.</summary>
    public long AllocatedCents { get; init; }

    /// <summary>Credits: what is left of the allocation, in millionths of a cent.</summary>
    public double AllocationMicroCents { get; set; }

    /// <summary>Lightning: the amount of the first invoice; top-up invoices ask for the same.</summary>
    public long PrepaidMsats { get; init; }

    public DateTimeOffset? TerminatedAt { get; set; }

    /// <summary>Lightning: millisatoshis paid in so far.</summary>
    public long PaidMsats { get; set; }

    public LightningInvoice? PendingInvoice { get; set; }

    /// <summary>The warning level last announced to shells, so each change is announced once.</summary>
    public string AnnouncedWarning { get; set; } = "ok";

    public Termination? Termination { get; set; }

    /// <summary>Cancelled when the sandbox pauses, terminates or the emulator stops: shells close on it.</summary>
    public CancellationTokenSource SessionLifetime { get; set; } = new();

    public double ConsumedMsats => MeteredSeconds * Tier.MsatsPerSecond;

    public double BalanceMsats => Math.Max(0, PaidMsats - ConsumedMsats);

    /// <summary>Raised (outside the gate) when the billing state changes in a way shells announce.</summary>
    public event Action<BillingNotice>? BillingNotice;

    public void RaiseBillingNotice(BillingNotice notice) => BillingNotice?.Invoke(notice);

    public override string ToString() => $"Sandbox {Id} ({Tier.Name}, {Billing}, {Status})";
}
