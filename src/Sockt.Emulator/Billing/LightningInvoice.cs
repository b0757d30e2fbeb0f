namespace Sockt.Emulator.Billing;

/// <summary>An invoice the emulator issued for a Lightning sandbox (the initial prepayment or a top-up).</summary>
internal sealed class LightningInvoice
{
    public required string Bolt11 { get; init; }

    public required string PaymentHash { get; init; }

    /// <summary>Revealed to whoever pays (the emulator's pay endpoint answers it, like a real payment would).</summary>
    public required string Preimage { get; init; }

    public required long AmountMsats { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required string SandboxId { get; init; }

    public bool IsTopUp { get; init; }

    public bool Paid { get; set; }
}
