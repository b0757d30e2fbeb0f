namespace Sockt.Emulator.Billing;

/// <summary>
/// What a credits sandbox can still spend, in millionths of a cent: what is left of its own allocation, which pays
/// first, and the owner's account, which pays once the allocation is spent (and is shared by the owner's sandboxes).
/// </summary>
internal sealed record CreditsBalance(double AllocationMicroCents, double AccountMicroCents)
{
    /// <summary>Both together: what the status's <c>seconds_remaining</c> is computed from.</summary>
    public double TotalMicroCents => AllocationMicroCents + AccountMicroCents;
}
