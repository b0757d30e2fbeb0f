using Sockt.Diagnostics;
using Sockt.Models;

namespace Sockt;

/// <summary>Billing events: raised from every status read, only when something changed.</summary>
public partial class Sandbox
{
    private readonly List<Registration> _registrations = [];
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

    /// <summary>
    /// Registers a callback for a billing event by name, as in the reference SDK: <see cref="SandboxEvents.PendingInvoice"/>
    /// passes a <see cref="Models.PendingInvoice"/>, <see cref="SandboxEvents.LowBalance"/> and
    /// <see cref="SandboxEvents.OutOfBalance"/> pass a <see cref="BillingWarning"/>.
    /// </summary>
    /// <param name="eventName">One of the <see cref="SandboxEvents"/> names.</param>
    /// <param name="callback">Called with the event's data.</param>
    /// <exception cref="ArgumentException"><paramref name="eventName"/> is not a known event.</exception>
    public virtual void On(string eventName, Action<object> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        PayloadType(eventName);
        lock (_gate)
        {
            _registrations.Add(new Registration(eventName, callback, callback));
        }
    }

    /// <summary>Registers a typed callback for a billing event by name (for example <c>On&lt;PendingInvoice&gt;("pending_invoice", …)</c>).</summary>
    /// <typeparam name="TPayload"><see cref="Models.PendingInvoice"/> for <c>pending_invoice</c>, <see cref="BillingWarning"/> for the warnings (or a base type).</typeparam>
    /// <param name="eventName">One of the <see cref="SandboxEvents"/> names.</param>
    /// <param name="callback">Called with the event's data.</param>
    /// <exception cref="ArgumentException">The event is unknown or its data is not a <typeparamref name="TPayload"/>.</exception>
    public virtual void On<TPayload>(string eventName, Action<TPayload> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var payloadType = PayloadType(eventName);
        if (!typeof(TPayload).IsAssignableFrom(payloadType))
        {
            throw new ArgumentException($"The {eventName} event passes a {payloadType.Name}, not a {typeof(TPayload).Name}.", nameof(callback));
        }

        lock (_gate)
        {
            _registrations.Add(new Registration(eventName, callback, payload => callback((TPayload)payload)));
        }
    }

    /// <summary>Removes a callback registered with <see cref="On(string, Action{object})"/>.</summary>
    /// <param name="eventName">The event it was registered for.</param>
    /// <param name="callback">The same delegate.</param>
    /// <returns>Whether a registration was removed.</returns>
    public virtual bool Off(string eventName, Action<object> callback) => Remove(eventName, callback);

    /// <summary>Removes a callback registered with <see cref="On{TPayload}(string, Action{TPayload})"/>.</summary>
    /// <typeparam name="TPayload">The payload type it was registered with.</typeparam>
    /// <param name="eventName">The event it was registered for.</param>
    /// <param name="callback">The same delegate.</param>
    /// <returns>Whether a registration was removed.</returns>
    public virtual bool Off<TPayload>(string eventName, Action<TPayload> callback) => Remove(eventName, callback);

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

        Raise(SandboxEvents.PendingInvoice, invoice, _pendingInvoiceReceived, (sender, handler) => handler(sender, new PendingInvoiceEventArgs(invoice)));
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
        var level = status.WarningLevel?.Trim().ToLowerInvariant();
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

        var warning = new BillingWarning(level, status.SecondsRemaining, status.PrepaidBalanceMsats, status.Status);
        if (level == SandboxEvents.LowBalance)
        {
            Raise(SandboxEvents.LowBalance, warning, _lowBalance, (sender, handler) => handler(sender, new BillingWarningEventArgs(warning)));
        }
        else if (level == SandboxEvents.OutOfBalance)
        {
            Raise(SandboxEvents.OutOfBalance, warning, _outOfBalance, (sender, handler) => handler(sender, new BillingWarningEventArgs(warning)));
        }
    }

    private static string? InvoiceKey(PendingInvoice invoice) =>
        !string.IsNullOrEmpty(invoice.PaymentHash) ? invoice.PaymentHash : invoice.Bolt11;

    private static Type PayloadType(string eventName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return eventName switch
        {
            SandboxEvents.PendingInvoice => typeof(PendingInvoice),
            SandboxEvents.LowBalance or SandboxEvents.OutOfBalance => typeof(BillingWarning),
            _ => throw new ArgumentException(
                $"Unknown event '{eventName}': use \"{SandboxEvents.PendingInvoice}\", \"{SandboxEvents.LowBalance}\" or \"{SandboxEvents.OutOfBalance}\".",
                nameof(eventName)),
        };
    }

    private bool Remove(string eventName, Delegate callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        PayloadType(eventName);
        lock (_gate)
        {
            var index = _registrations.FindIndex(r => r.EventName == eventName && r.Original.Equals(callback));
            if (index < 0)
            {
                return false;
            }

            _registrations.RemoveAt(index);
            return true;
        }
    }

    /// <summary>Calls every handler of one event, each guarded: a throwing handler must not fail the SDK call.</summary>
    private void Raise<TArgs>(string eventName, object payload, EventHandler<TArgs>? eventHandlers, Action<object, EventHandler<TArgs>> invoke)
    {
        Registration[] registrations;
        lock (_gate)
        {
            registrations = _registrations.Where(r => r.EventName == eventName).ToArray();
        }

        if (eventHandlers is not null)
        {
            foreach (var handler in eventHandlers.GetInvocationList().Cast<EventHandler<TArgs>>())
            {
                Guarded(eventName, () => invoke(this, handler));
            }
        }

        foreach (var registration in registrations)
        {
            Guarded(eventName, () => registration.Invoke(payload));
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

    private sealed record Registration(string EventName, Delegate Original, Action<object> Invoke);
}
