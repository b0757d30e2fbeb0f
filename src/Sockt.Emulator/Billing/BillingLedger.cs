using System.Globalization;
using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Billing;

/// <summary>
/// The money side of the emulator: credits accounts, Lightning invoices, what running time costs, balances,
/// warning levels and refunds. Not thread-safe: <see cref="SandboxManager"/> calls it under its gate.
/// </summary>
internal sealed class BillingLedger : IDisposable
{
    /// <summary>Credits are kept in millionths of a cent so that per-second charges of tiny rates add up exactly enough.</summary>
    public const double MicroCentsPerCent = 1_000_000;

    private readonly long lowBalanceSeconds;
    private readonly InvoiceIssuer issuer;
    private readonly Dictionary<string, LightningInvoice> invoices = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, double> accounts = new(StringComparer.Ordinal);

    public BillingLedger(IEnumerable<string> apiKeys, long startingCents, long lowBalanceSeconds, TimeSpan invoiceExpiry)
    {
        this.lowBalanceSeconds = lowBalanceSeconds;
        issuer = new InvoiceIssuer(invoiceExpiry);
        foreach (var key in apiKeys)
        {
            accounts[key] = startingCents * MicroCentsPerCent;
        }
    }

    public bool HasAccount(string apiKey) => accounts.ContainsKey(apiKey);

    public long AccountCents(string apiKey) =>
        accounts.TryGetValue(apiKey, out var balance) ? (long)Math.Floor(balance / MicroCentsPerCent) : throw ApiException.NotFound("unknown API key");

    public void SetAccount(string apiKey, long cents)
    {
        if (!accounts.ContainsKey(apiKey))
        {
            throw ApiException.NotFound("unknown API key");
        }

        accounts[apiKey] = cents * MicroCentsPerCent;
    }

    /// <summary>Moves <paramref name="cents"/> from the account to a new sandbox's allocation (402 when the account has less).</summary>
    public double Allocate(string apiKey, long cents)
    {
        var available = accounts[apiKey];
        if (available < cents * MicroCentsPerCent)
        {
            throw ApiException.InsufficientCredits(
                $"insufficient credits: the account has {Math.Floor(available / MicroCentsPerCent).ToString(CultureInfo.InvariantCulture)} cents, {cents} requested",
                "Top up your account balance or ask for fewer initial_credits_cents");
        }

        accounts[apiKey] = available - (cents * MicroCentsPerCent);
        return cents * MicroCentsPerCent;
    }

    public LightningInvoice Issue(string sandboxId, long amountMsats, bool topUp)
    {
        var invoice = issuer.Issue(sandboxId, amountMsats, topUp);
        invoices.Add(invoice.PaymentHash, invoice);
        return invoice;
    }

    public LightningInvoice FindInvoice(string paymentHash) =>
        invoices.TryGetValue(paymentHash, out var invoice) ? invoice : throw ApiException.NotFound("no invoice with this payment hash");

    /// <summary>Charges <paramref name="seconds"/> of running time; false when the balance ran out (the sandbox got only what it could pay for).</summary>
    public bool Charge(Sandbox sandbox, double seconds)
    {
        if (sandbox.Billing == BillingMethod.Lightning)
        {
            var rate = sandbox.Tier.MsatsPerSecond;
            var affordable = rate <= 0 ? double.PositiveInfinity : sandbox.BalanceMsats / rate;
            if (seconds < affordable)
            {
                sandbox.MeteredSeconds += seconds;
                return true;
            }

            sandbox.MeteredSeconds = (double)sandbox.PaidMsats / rate;
            return false;
        }

        var centsRate = CentsRate(sandbox);
        var cost = seconds * centsRate;
        var account = accounts[sandbox.OwnerApiKey!];
        if (cost < sandbox.AllocationMicroCents + account)
        {
            // The sandbox's allocation pays first, then the account.
            var fromAllocation = Math.Min(cost, sandbox.AllocationMicroCents);
            sandbox.AllocationMicroCents -= fromAllocation;
            accounts[sandbox.OwnerApiKey!] = account - (cost - fromAllocation);
            sandbox.MeteredSeconds += seconds;
            return true;
        }

        sandbox.MeteredSeconds += centsRate <= 0 ? seconds : (sandbox.AllocationMicroCents + account) / centsRate;
        sandbox.AllocationMicroCents = 0;
        accounts[sandbox.OwnerApiKey!] = 0;
        return false;
    }

    public bool HasBalance(Sandbox sandbox) => sandbox.Billing == BillingMethod.Lightning
        ? sandbox.BalanceMsats >= 1
        : sandbox.AllocationMicroCents + accounts[sandbox.OwnerApiKey!] > 0.5;

    public long? SecondsRemaining(Sandbox sandbox)
    {
        if (sandbox.Billing == BillingMethod.Lightning)
        {
            return sandbox.Tier.MsatsPerSecond <= 0 ? null : (long)Math.Floor(sandbox.BalanceMsats / sandbox.Tier.MsatsPerSecond);
        }

        var rate = CentsRate(sandbox);
        return rate <= 0 ? null : (long)Math.Floor(Credits(sandbox)!.TotalMicroCents / rate);
    }

    /// <summary>A credits sandbox's allocation and its owner's account (null for Lightning): what its running time is paid from.</summary>
    public CreditsBalance? Credits(Sandbox sandbox) => sandbox.Billing == BillingMethod.Credits
        ? new CreditsBalance(sandbox.AllocationMicroCents, accounts[sandbox.OwnerApiKey!])
        : null;

    /// <summary><c>ok</c>, <c>low_balance</c> (at most the low-balance threshold of compute left) or <c>out_of_balance</c>.</summary>
    public string WarningLevel(Sandbox sandbox)
    {
        if (sandbox.Status == SandboxState.Paused && sandbox.PauseReason == PauseReason.OutOfBalance)
        {
            return "out_of_balance";
        }

        if (sandbox.Status is SandboxState.AwaitingPayment or SandboxState.Terminated or SandboxState.Failed)
        {
            return "ok";
        }

        return SecondsRemaining(sandbox) is { } left && left <= lowBalanceSeconds ? "low_balance" : "ok";
    }

    /// <summary>
    /// Gives a running (or paused) Lightning sandbox a payable top-up invoice for the first invoice's amount while the
    /// balance is low, and a fresh one in place of an expired one. An unpaid sandbox keeps its first invoice: when
    /// that expires, the sandbox ends.
    /// </summary>
    public void RefreshInvoice(Sandbox sandbox)
    {
        if (sandbox.Billing != BillingMethod.Lightning || sandbox.Status is SandboxState.Terminated or SandboxState.AwaitingPayment)
        {
            return;
        }

        if (WarningLevel(sandbox) != "ok" && (sandbox.PendingInvoice is null || sandbox.PendingInvoice.ExpiresAt < DateTimeOffset.UtcNow))
        {
            sandbox.PendingInvoice = Issue(sandbox.Id, sandbox.PrepaidMsats, topUp: true);
        }
    }

    /// <summary>Settles a terminating sandbox: what it gives back, and its <c>consumed_msats_total</c>.</summary>
    public (Refund Refund, long ConsumedMsatsTotal) Settle(Sandbox sandbox, string? lightningAddress)
    {
        if (sandbox.Billing == BillingMethod.Credits)
        {
            var left = sandbox.AllocationMicroCents;
            accounts[sandbox.OwnerApiKey!] += left;
            sandbox.AllocationMicroCents = 0;
            // The hosted service reports 0 consumed for credits sandboxes (documented example).
            return (Refund.Credited((long)Math.Floor(left / MicroCentsPerCent)), 0);
        }

        var sats = (long)Math.Floor(sandbox.BalanceMsats / 1000);
        var refund = string.IsNullOrWhiteSpace(lightningAddress) ? Refund.Kept(sats) : Refund.Sent(sats, lightningAddress);
        return (refund, (long)Math.Floor(sandbox.ConsumedMsats));
    }

    public void Dispose() => issuer.Dispose();

    private static double CentsRate(Sandbox sandbox) => sandbox.Tier.UsdCentsPerSecond * MicroCentsPerCent;
}
