namespace Sockt;

/// <summary>Known billing methods (an open set: the service may add more).</summary>
public static class BillingMethods
{
    /// <summary>Prepaid USD credits; needs an API key (<c>sockt_live_…</c>).</summary>
    public const string Credits = "credits";

    /// <summary>Pay-as-you-go over the Lightning Network; anonymous, answered with an invoice and a sandbox token.</summary>
    public const string Lightning = "lightning";
}
