namespace Sockt.Emulator.Lightning;

/// <summary>
/// Bech32 (BIP-173, checksum constant 1, not bech32m) over 5-bit words, without BIP-173's 90-character limit,
/// which BOLT #11 lifts because invoices are longer (its readers accept any length; the checksum's error-detection
/// guarantee is weaker beyond 90 characters, which BOLT #11 accepts).
/// </summary>
internal static class Bech32
{
    internal const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    /// <summary>Encodes <paramref name="hrp"/> (lower case) and 5-bit <paramref name="words"/> with the checksum appended.</summary>
    internal static string Encode(string hrp, ReadOnlySpan<byte> words)
    {
        var checksum = Checksum(hrp, words);
        var chars = new char[hrp.Length + 1 + words.Length + checksum.Length];
        hrp.CopyTo(chars);
        chars[hrp.Length] = '1';
        var at = hrp.Length + 1;
        foreach (var word in words)
        {
            chars[at++] = Charset[word];
        }

        foreach (var word in checksum)
        {
            chars[at++] = Charset[word];
        }

        return new string(chars);
    }

    /// <summary>
    /// Splits and verifies a Bech32 string (either all lower or all upper case). Returns null when it is malformed
    /// or the checksum does not match; the data words exclude the checksum.
    /// </summary>
    internal static (string Hrp, byte[] Words)? Decode(string text)
    {
        if (text.Any(char.IsUpper) && text.Any(char.IsLower))
        {
            return null;
        }

        text = text.ToLowerInvariant();
        var separator = text.LastIndexOf('1');
        if (separator < 1 || text.Length - separator - 1 < 6)
        {
            return null;
        }

        var hrp = text[..separator];
        if (hrp.Any(c => c is < (char)33 or > (char)126))
        {
            return null;
        }

        var words = new byte[text.Length - separator - 1];
        for (var i = 0; i < words.Length; i++)
        {
            var value = Charset.IndexOf(text[separator + 1 + i], StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            words[i] = (byte)value;
        }

        return PolyMod(HrpExpand(hrp).Concat(words)) == 1 ? (hrp, words[..^6]) : null;
    }

    /// <summary>Regroups bits from <paramref name="fromBits"/>-bit to <paramref name="toBits"/>-bit groups, big-endian, zero-padding the tail.</summary>
    internal static byte[] ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits)
    {
        var result = new List<byte>(((data.Length * fromBits) + toBits - 1) / toBits);
        var accumulator = 0;
        var bits = 0;
        var mask = (1 << toBits) - 1;
        foreach (var value in data)
        {
            accumulator = (accumulator << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((accumulator >> bits) & mask));
            }

            accumulator &= (1 << bits) - 1;
        }

        if (bits > 0)
        {
            result.Add((byte)((accumulator << (toBits - bits)) & mask));
        }

        return [.. result];
    }

    private static byte[] Checksum(string hrp, ReadOnlySpan<byte> words)
    {
        var values = HrpExpand(hrp).Concat(words.ToArray()).Concat(new byte[6]);
        var polyMod = PolyMod(values) ^ 1;
        var checksum = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            checksum[i] = (byte)((polyMod >> (5 * (5 - i))) & 31);
        }

        return checksum;
    }

    private static IEnumerable<byte> HrpExpand(string hrp) =>
        hrp.Select(c => (byte)(c >> 5)).Append((byte)0).Concat(hrp.Select(c => (byte)(c & 31)));

    private static uint PolyMod(IEnumerable<byte> values)
    {
        uint checksum = 1;
        foreach (var value in values)
        {
            var top = checksum >> 25;
            checksum = ((checksum & 0x1ffffff) << 5) ^ value;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0)
                {
                    checksum ^= Generator[i];
                }
            }
        }

        return checksum;
    }
}
