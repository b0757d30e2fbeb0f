using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Billing;

/// <summary>
/// Turns running time into charges and balance changes into notices: the billing clock, the ledger, invoice
/// payment and the warning levels shells announce. Not thread-safe: <see cref="SandboxManager"/> calls it under its
/// gate, and it never changes a sandbox's lifecycle state (the manager decides what running dry or a payment means).
/// </summary>
internal sealed class BillingMeter : IDisposable
{
    public BillingMeter(SocktEmulatorOptions options, IEnumerable<string> apiKeys)
    {
        Ledger = new BillingLedger(apiKeys, options.AccountCreditsCents, options.LowBalanceSeconds, options.InvoiceExpiry);
        Clock = new BillingClock(options.MeterRealTime);
    }

    public BillingClock Clock { get; }

    /// <summary>Accounts, invoices and balances.</summary>
    public BillingLedger Ledger { get; }

    /// <summary>Starts charging <paramref name="sandbox"/> from now (it just started running or resumed).</summary>
    public void StartMetering(Sandbox sandbox) => sandbox.MeteredUntil = Clock.Now;

    /// <summary>Charges the running time since the sandbox was last metered; false when its balance ran out.</summary>
    public bool ChargeElapsed(Sandbox sandbox)
    {
        var now = Clock.Now;
        var seconds = (now - sandbox.MeteredUntil).TotalSeconds;
        sandbox.MeteredUntil = now;
        return seconds <= 0 || Ledger.Charge(sandbox, seconds);
    }

    /// <summary>
    /// Refreshes the sandbox's invoice and returns the notices shells should see when its warning level changed since
    /// the last announcement (empty otherwise). The caller raises them outside its gate.
    /// </summary>
    public IReadOnlyList<BillingNotice> TakeNotices(Sandbox sandbox)
    {
        Ledger.RefreshInvoice(sandbox);
        var level = Ledger.WarningLevel(sandbox);
        if (level == sandbox.AnnouncedWarning)
        {
            return [];
        }

        sandbox.AnnouncedWarning = level;
        var lightning = sandbox.Billing == BillingMethod.Lightning;
        return level switch
        {
            "low_balance" when lightning =>
            [
                new BillingNotice("low_balance", "Balance running low: about " + Ledger.SecondsRemaining(sandbox) + " seconds of compute left"),
                new BillingNotice("deposit_required", "Pay the pending invoice to keep the sandbox running: " + sandbox.PendingInvoice?.Bolt11),
            ],
            "low_balance" => [new BillingNotice("low_balance", "Credits running low: about " + Ledger.SecondsRemaining(sandbox) + " seconds of compute left")],
            "out_of_balance" => [new BillingNotice("out_of_balance", lightning ? "Balance depleted: the sandbox pauses until the pending invoice is paid" : "Credits depleted: the sandbox pauses until the account is topped up")],
            _ => [new BillingNotice("billing", "Balance restored")],
        };
    }

    /// <summary>
    /// Marks the invoice paid and credits its sandbox (found through <paramref name="findSandbox"/>): 404 for an unknown
    /// hash, 409 when it was paid already, has expired, or its sandbox is terminated.
    /// </summary>
    public (LightningInvoice Invoice, Sandbox Sandbox) Pay(string paymentHash, Func<string, Sandbox> findSandbox)
    {
        var invoice = Ledger.FindInvoice(paymentHash);
        if (invoice.Paid)
        {
            throw new ApiException(StatusCodes.Status409Conflict, "invoice_already_paid", "invoice is already paid", "Pay the sandbox's current pending_invoice instead");
        }

        var sandbox = findSandbox(invoice.SandboxId);
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

        return (invoice, sandbox);
    }

    /// <summary>The <c>next_poll_secs</c> hint: sooner while starting, unpaid or low on balance.</summary>
    public int NextPollSeconds(Sandbox sandbox) => sandbox.Status switch
    {
        SandboxState.Starting => 2,
        SandboxState.AwaitingPayment => 5,
        _ when Ledger.WarningLevel(sandbox) != "ok" => 5,
        _ => 15,
    };

    public void Dispose() => Ledger.Dispose();
}
