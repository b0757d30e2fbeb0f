using Sockt.Diagnostics;
using Sockt.Models;

namespace Sockt;

/// <summary>Billing events: raised from every status read, only when something changed.</summary>
public partial class Sandbox
{
    // The wire's warning levels (the reference SDK's event names).
    private const string LowBalanceLevel = "low_balance";
    private const string OutOfBalanceLevel = "out_of_balance";

    private EventHandler<PendingInvoiceEventArgs>? _pendingInvoiceReceived;
    private EventHandler<BillingWarningEventArgs>? _lowBalance;
    private EventHandler<BillingWarningEventArgs>? _outOfBalance;
    private string? _lastInvoiceKey;
    private string? _lastWarningLevel;

    /// <summary>
    /// A new Lightning invoice needs payment (a <c>payment_hash</c> not seen before, from a status read or an execution
    /// poll). The invoice returned at creation does not raise it. A throwing handler is logged and ignored.
    /// </summary>
    public virtual event EventHandler<PendingInvoiceEventArgs>? PendingInvoiceReceived
    {
        add { lock (_gate) { _pendingInvoiceReceived += value; } }
        remove { lock (_gate) { _pendingInvoiceReceived -= value; } }
    }

    /// <summary>The warning level turned <c>low_balance</c>. Raised once per transition, not on every poll.</summary>
    public virtual event EventHandler<BillingWarningEventArgs>? LowBalance
    {
        add { lock (_gate) { _lowBalance += value; } }
        remove { lock (_gate) { _lowBalance -= value; } }
    }

    /// <summary>The warning level turned <c>out_of_balance</c>: the sandbox will pause. Raised once per transition.</summary>
    public virtual event EventHandler<BillingWarningEventArgs>? OutOfBalance
    {
        add { lock (_gate) { _outOfBalance += value; } }
        remove { lock (_gate) { _outOfBalance -= value; } }
    }

    /// <summary>Raises <see cref="PendingInvoiceReceived"/> if <paramref name="invoice"/> is one not seen before.</summary>
    internal void ObserveInvoice(PendingInvoice? invoice)
    {
        if (invoice is null)
        {
            return;
        }

        lock (_gate)
        {
            var key = InvoiceKey(invoice);
            if (key is null || key == _lastInvoiceKey)
            {
                return;
            }

            _lastInvoiceKey = key;
        }

        Raise(nameof(PendingInvoiceReceived), _pendingInvoiceReceived, (sender, handler) => handler(sender, new PendingInvoiceEventArgs(invoice)));
    }

    private void RememberInvoiceLocked(PendingInvoice? invoice)
    {
        if (invoice is not null && InvoiceKey(invoice) is { } key)
        {
            _lastInvoiceKey = key;
        }
    }

    /// <summary>Raises the warning events when the warning level changed (an absent level changes nothing).</summary>
    private void ObserveWarning(SandboxStatus status)
    {
        var level = status.WarningLevel?.ToString().Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(level))
        {
            return;
        }

        lock (_gate)
        {
            if (level == _lastWarningLevel)
            {
                return;
            }

            _lastWarningLevel = level;
        }

        var warning = new BillingWarning(new WarningLevel(level), status.TimeRemaining, status.PrepaidBalanceMsats, status.Status);
        if (level == LowBalanceLevel)
        {
            Raise(nameof(LowBalance), _lowBalance, (sender, handler) => handler(sender, new BillingWarningEventArgs(warning)));
        }
        else if (level == OutOfBalanceLevel)
        {
            Raise(nameof(OutOfBalance), _outOfBalance, (sender, handler) => handler(sender, new BillingWarningEventArgs(warning)));
        }
    }

    private static string? InvoiceKey(PendingInvoice invoice) =>
        !string.IsNullOrEmpty(invoice.PaymentHash) ? invoice.PaymentHash : invoice.Bolt11;

    /// <summary>Calls every handler of one event, each guarded: a throwing handler must not fail the SDK call.</summary>
    private void Raise<TArgs>(string eventName, EventHandler<TArgs>? eventHandlers, Action<object, EventHandler<TArgs>> invoke)
    {
        if (eventHandlers is null)
        {
            return;
        }

        foreach (var handler in eventHandlers.GetInvocationList().Cast<EventHandler<TArgs>>())
        {
            Guarded(eventName, () => invoke(this, handler));
        }
    }

    private void Guarded(string eventName, Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            Log.EventHandlerFailed(Logger, exception, eventName, Id);
        }
    }
}
