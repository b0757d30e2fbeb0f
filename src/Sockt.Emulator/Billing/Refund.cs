namespace Sockt.Emulator.Billing;

/// <summary>
/// What terminating a sandbox gives back: a credits sandbox's unused allocation returns to its account; a Lightning
/// sandbox's balance is reported as sent to the given address, or kept when none was given (the emulator sends nothing).
/// </summary>
internal sealed record Refund(string Status, long? AmountCents, long? AmountSats, string? Address)
{
    public static Refund Credited(long cents) => new("credited", cents, null, null);

    public static Refund Kept(long sats) => new("none", null, sats, null);

    public static Refund Sent(long sats, string address) => new("sent", null, sats, address);
}
