using Sockt.Models;

namespace Sockt;

/// <summary>Arguments of <see cref="Sandbox.PendingInvoiceReceived"/>.</summary>
public class PendingInvoiceEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="invoice">The new invoice.</param>
    public PendingInvoiceEventArgs(PendingInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        Invoice = invoice;
    }

    /// <summary>The new invoice to pay (BOLT11 in <see cref="PendingInvoice.Bolt11"/>).</summary>
    public PendingInvoice Invoice { get; }
}
