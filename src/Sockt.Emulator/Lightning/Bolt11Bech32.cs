using System.Text;
using NBitcoin.DataEncoders;

namespace Sockt.Emulator.Lightning;

/// <summary>
/// BOLT #11's Bech32: NBitcoin's encoder (BIP-173 checksum, not bech32m) without BIP-173's 90-character limit,
/// which BOLT #11 lifts because invoices are longer (the checksum's error-detection guarantee is weaker beyond 90
/// characters, which BOLT #11 accepts), plus the regrouping between bytes and 5-bit words that invoices need.
/// </summary>
internal sealed class Bolt11Bech32 : Bech32Encoder
{
    /// <summary>The Bech32 alphabet; BOLT #11 names its field tags by these letters.</summary>
    internal const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    /// <summary>Only its regrouping is used; that does not depend on the prefix.</summary>
    private static readonly Bolt11Bech32 Regrouper = new("ln");

    private Bolt11Bech32(string hrp)
        : base(Encoding.ASCII.GetBytes(hrp)) => StrictLength = false;

    /// <summary>Encodes <paramref name="hrp"/> (lower case) and 5-bit <paramref name="words"/> with the checksum appended.</summary>
    internal static string Encode(string hrp, ReadOnlySpan<byte> words) =>
        new Bolt11Bech32(hrp).EncodeData(words, Bech32EncodingType.BECH32);

    /// <summary>
    /// Splits and verifies a Bech32 string (either all lower or all upper case). Returns null when it is malformed,
    /// the checksum does not match or it is bech32m; the data words exclude the checksum.
    /// </summary>
    internal static (string Hrp, byte[] Words)? Decode(string text)
    {
        try
        {
            var separator = text.LastIndexOf('1');
            if (separator < 1)
            {
                return null;
            }

            var hrp = text[..separator].ToLowerInvariant();
            var words = new Bolt11Bech32(hrp).DecodeDataRaw(text, out var type);
            return type == Bech32EncodingType.BECH32 ? (hrp, words) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Regroups bytes into 5-bit words, big-endian, zero-padding the last word.</summary>
    internal static byte[] ToWords(ReadOnlySpan<byte> bytes) => Regrouper.ConvertBits(bytes, 8, 5, pad: true);

    /// <summary>Regroups 5-bit words into bytes, big-endian, zero-padding the last byte.</summary>
    internal static byte[] ToBytes(ReadOnlySpan<byte> words) => Regrouper.ConvertBits(words, 5, 8, pad: true);
}
