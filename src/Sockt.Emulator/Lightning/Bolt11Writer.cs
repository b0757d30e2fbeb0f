using System.Security.Cryptography;
using System.Text;
using NBitcoin;

namespace Sockt.Emulator.Lightning;

/// <summary>
/// Low-level BOLT #11 writer: the timestamp, then tagged fields in the order they are added, then the 65-byte
/// recoverable signature and the Bech32 checksum. It applies no policy (which fields, which order); that is
/// <see cref="Bolt11InvoiceEncoder"/>'s job. Kept separate so the spec's own examples can be reproduced exactly.
/// </summary>
internal sealed class Bolt11Writer
{
    /// <summary>A tagged field's length is 10 bits of 5-bit words.</summary>
    internal const int MaxFieldWords = 1023;

    /// <summary>The timestamp is 35 bits (7 words).</summary>
    internal const long MaxTimestamp = (1L << 35) - 1;

    private readonly string _hrp;
    private readonly List<byte> _words = [];

    internal Bolt11Writer(string hrp, long timestamp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timestamp, MaxTimestamp);
        _hrp = hrp;
        _words.AddRange(ToWords(timestamp, minimumWords: 7));
    }

    /// <summary>Adds a field whose data are bytes (hashes, secrets, UTF-8 text), zero-padded to whole words.</summary>
    internal Bolt11Writer AddBytes(char tag, ReadOnlySpan<byte> data) => AddWords(tag, Bolt11Bech32.ToWords(data));

    /// <summary>Adds a big-endian unsigned integer field in the fewest words (at least one).</summary>
    internal Bolt11Writer AddInteger(char tag, long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return AddWords(tag, ToWords(value, minimumWords: 1));
    }

    /// <summary>Adds the <c>9</c> feature field with the given bit numbers set, in the fewest words.</summary>
    internal Bolt11Writer AddFeatures(params int[] bits)
    {
        var words = new byte[(bits.Max() / 5) + 1];
        foreach (var bit in bits)
        {
            words[words.Length - 1 - (bit / 5)] |= (byte)(1 << (bit % 5));
        }

        return AddWords('9', words);
    }

    /// <summary>Signs hrp + data with <paramref name="key"/> and returns the complete Bech32 invoice.</summary>
    internal string Sign(Key key)
    {
        var data = _words.ToArray();
        var hrpBytes = Encoding.UTF8.GetBytes(_hrp);
        var message = new byte[hrpBytes.Length + (((data.Length * 5) + 7) / 8)];
        hrpBytes.CopyTo(message, 0);
        Bolt11Bech32.ToBytes(data).CopyTo(message, hrpBytes.Length);

        // uint256 keeps the digest's byte order as given (little-endian in and out), so this signs the digest as is.
        // forceLowR: false = plain RFC 6979 nonces, the same signatures as the BOLT #11 examples.
        var signature = key.SignCompact(new uint256(SHA256.HashData(message)), forceLowR: false);
        var signatureBytes = new byte[65];
        signature.Signature.CopyTo(signatureBytes, 0);
        signatureBytes[64] = (byte)signature.RecoveryId;

        return Bolt11Bech32.Encode(_hrp, [.. data, .. Bolt11Bech32.ToWords(signatureBytes)]);
    }

    private Bolt11Writer AddWords(char tag, byte[] words)
    {
        if (words.Length > MaxFieldWords)
        {
            throw new ArgumentException($"Field '{tag}' needs {words.Length} words; at most {MaxFieldWords} fit.", nameof(words));
        }

        _words.Add((byte)Bolt11Bech32.Charset.IndexOf(tag, StringComparison.Ordinal));
        _words.Add((byte)(words.Length >> 5));
        _words.Add((byte)(words.Length & 31));
        _words.AddRange(words);
        return this;
    }

    private static byte[] ToWords(long value, int minimumWords)
    {
        var words = new List<byte>();
        for (; value > 0; value >>= 5)
        {
            words.Add((byte)(value & 31));
        }

        while (words.Count < minimumWords)
        {
            words.Add(0);
        }

        words.Reverse();
        return [.. words];
    }
}
