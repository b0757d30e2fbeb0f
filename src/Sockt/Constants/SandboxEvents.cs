namespace Sockt;

/// <summary>Names of the billing events for <see cref="Sandbox.On(string, Action{object})"/>, as in the reference SDK.</summary>
public static class SandboxEvents
{
    /// <summary>A new Lightning invoice needs payment; the callback receives a <see cref="Models.PendingInvoice"/>.</summary>
    public const string PendingInvoice = "pending_invoice";

    /// <summary>The balance is running low; the callback receives a <see cref="BillingWarning"/>.</summary>
    public const string LowBalance = "low_balance";

    /// <summary>The balance is depleted and the sandbox will pause; the callback receives a <see cref="BillingWarning"/>.</summary>
    public const string OutOfBalance = "out_of_balance";
}
