using System.Text;

namespace Sockt.Emulator.Lightning;

/// <summary>
/// A signed BOLT #11 payment request and what the issuer must remember about it. <see cref="Preimage"/> and
/// <see cref="PaymentSecret"/> are secrets: they never appear in <see cref="ToString"/>.
/// </summary>
/// <param name="Bolt11">The payment request (e.g. <c>lnbcrt50u1p...</c>).</param>
/// <param name="PaymentHash">SHA-256 of <paramref name="Preimage"/>, 64 lower-case hex characters.</param>
/// <param name="Preimage">The 32-byte payment preimage, 64 lower-case hex characters; revealed by paying.</param>
/// <param name="PaymentSecret">The 32-byte payment secret (<c>s</c> field), 64 lower-case hex characters.</param>
/// <param name="AmountMsats">The amount requested, in millisatoshis.</param>
/// <param name="Description">The description (<c>d</c> field).</param>
/// <param name="CreatedAt">The invoice timestamp (whole seconds, UTC).</param>
/// <param name="ExpiresAt"><paramref name="CreatedAt"/> plus the expiry (<c>x</c> field).</param>
public sealed record Bolt11Invoice(
    string Bolt11,
    string PaymentHash,
    string Preimage,
    string PaymentSecret,
    long AmountMsats,
    string Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Bolt11 = ").Append(Bolt11)
            .Append(", PaymentHash = ").Append(PaymentHash)
            .Append(", AmountMsats = ").Append(AmountMsats)
            .Append(", Description = ").Append(Description)
            .Append(", CreatedAt = ").Append(CreatedAt.ToString("O"))
            .Append(", ExpiresAt = ").Append(ExpiresAt.ToString("O"));
        return true;
    }
}
