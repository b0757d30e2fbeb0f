using System.Globalization;

namespace Sockt.Emulator.Lightning;

/// <summary>The amount part of a BOLT #11 prefix: a bitcoin amount with an optional m/u/n/p multiplier.</summary>
internal static class Bolt11Amount
{
    /// <summary>21 million BTC in millisatoshis: no valid invoice asks for more.</summary>
    internal const long MaxMsats = 21_000_000L * 100_000_000L * 1000L;

    // Millisatoshis per unit of each multiplier, largest first; "" is whole bitcoin. (p is a tenth of a msat.)
    private static readonly (string Suffix, long Msats)[] Multipliers =
    [
        ("", 100_000_000_000L),
        ("m", 100_000_000L),
        ("u", 100_000L),
        ("n", 100L),
    ];

    /// <summary>
    /// The shortest exact representation: the largest multiplier that divides the amount, or pico-bitcoin
    /// (ten per millisatoshi, so the last digit is always 0 as the spec requires) when none does.
    /// </summary>
    internal static string Format(long msats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(msats, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(msats, MaxMsats);
        foreach (var (suffix, unit) in Multipliers)
        {
            if (msats % unit == 0)
            {
                return (msats / unit).ToString(CultureInfo.InvariantCulture) + suffix;
            }
        }

        // msats * 10 can exceed long for large amounts; appending the digit cannot.
        return msats.ToString(CultureInfo.InvariantCulture) + "0p";
    }
}
