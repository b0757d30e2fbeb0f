namespace Sockt.Models;

/// <summary>Adds the raw response and the invoice under either of its wire shapes to the generated status model.</summary>
public partial class SandboxStatus
{
    /// <summary>
    /// The full JSON body the service answered (the reference SDK's <c>raw</c>), for fields this version of the SDK does
    /// not model and for the raw values behind the shaped properties. <see langword="null"/> for objects not read from the wire.
    /// </summary>
    public string? RawJson { get; internal set; }

    /// <summary>
    /// The Lightning invoice awaiting payment, or <see langword="null"/>: the <c>pending_invoice</c> object, or else the
    /// bare BOLT11 string some responses send as <c>invoice</c>.
    /// </summary>
    public PendingInvoice? PendingInvoice =>
        WirePendingInvoice ?? (string.IsNullOrEmpty(WireInvoice) ? null : new PendingInvoice { WireBolt11 = WireInvoice });
}
