using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Sockt.Emulator.Http;

namespace Sockt.Emulator.Endpoints;

/// <summary>
/// Turns spooled, still JSON-escaped <c>content</c> characters into file bytes chunk by chunk (unescape, then base64
/// or UTF-8), handing each chunk to a sink: memory stays at a few fixed buffers whatever the file size.
/// </summary>
internal static class ContentDecoder
{
    private const int ChunkBytes = 64 * 1024;

    // The longest escape, a surrogate pair: \uD83D\uDE00.
    private const int LongestEscape = 12;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes all of <paramref name="source"/>; returns the file's length. A null sink only validates.</summary>
    public static async Task<long> DecodeAsync(Stream source, bool escaped, bool base64, Func<ReadOnlyMemory<byte>, Task>? sink, CancellationToken cancellation)
    {
        source.Position = 0;
        // Room for a chunk plus what the previous one left undecoded (a cut escape, a partial base64 quantum).
        var raw = ArrayPool<byte>.Shared.Rent(2 * ChunkBytes);
        var text = ArrayPool<byte>.Shared.Rent(2 * ChunkBytes);
        var bytes = ArrayPool<byte>.Shared.Rent(2 * ChunkBytes);
        var utf8 = StrictUtf8.GetDecoder();
        long total = 0;
        try
        {
            var rawLength = 0;
            var textLength = 0;
            var final = false;
            while (!final)
            {
                var read = await source.ReadAsync(raw.AsMemory(rawLength, ChunkBytes), cancellation);
                final = read == 0;
                if (raw.AsSpan(rawLength, read).IndexOfAnyInRange((byte)0, (byte)0x1f) >= 0)
                {
                    throw ApiException.InvalidParams("malformed JSON body: a control character inside 'content' must be escaped", "Send a JSON object with Content-Type: application/json");
                }

                rawLength += read;
                var consumed = rawLength;
                if (escaped)
                {
                    textLength += Unescape(raw.AsSpan(0, rawLength), text.AsSpan(textLength), final, out consumed);
                }
                else
                {
                    raw.AsSpan(0, rawLength).CopyTo(text.AsSpan(textLength));
                    textLength += rawLength;
                }

                raw.AsSpan(consumed, rawLength - consumed).CopyTo(raw);
                rawLength -= consumed;

                int used;
                int written;
                if (base64)
                {
                    // Padding may only end the input, so the last quantum waits for the final block.
                    var ready = final ? textLength : Math.Max(0, textLength - 4);
                    var status = Base64.DecodeFromUtf8(text.AsSpan(0, ready), bytes, out used, out written, isFinalBlock: final);
                    if (status == OperationStatus.InvalidData || (final && status != OperationStatus.Done))
                    {
                        throw ApiException.InvalidParams("'content' is not valid base64", "Encode the bytes with standard base64 (RFC 4648, with padding)");
                    }
                }
                else
                {
                    used = textLength;
                    written = textLength;
                    CheckUtf8(utf8, text.AsSpan(0, textLength), final);
                    text.AsSpan(0, textLength).CopyTo(bytes);
                }

                text.AsSpan(used, textLength - used).CopyTo(text);
                textLength -= used;
                total += written;
                if (sink is not null && written > 0)
                {
                    await sink(bytes.AsMemory(0, written));
                }
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
            ArrayPool<byte>.Shared.Return(text);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static void CheckUtf8(Decoder utf8, ReadOnlySpan<byte> text, bool final)
    {
        try
        {
            utf8.GetCharCount(text, flush: final);
        }
        catch (DecoderFallbackException)
        {
            throw ApiException.InvalidParams("request body is not valid UTF-8", "Send the JSON body encoded as UTF-8");
        }
    }

    /// <summary>Unescapes JSON string characters; an escape cut by the chunk's end is left unconsumed unless final.</summary>
    private static int Unescape(ReadOnlySpan<byte> source, Span<byte> destination, bool final, out int consumed)
    {
        var i = 0;
        var o = 0;
        while (i < source.Length)
        {
            var b = source[i];
            if (b != '\\')
            {
                destination[o++] = b;
                i++;
                continue;
            }

            if (!final && source.Length - i < LongestEscape)
            {
                break;
            }

            if (i + 1 >= source.Length)
            {
                throw Malformed();
            }

            var kind = source[i + 1];
            if (kind != 'u')
            {
                destination[o++] = kind switch
                {
                    (byte)'"' => (byte)'"',
                    (byte)'\\' => (byte)'\\',
                    (byte)'/' => (byte)'/',
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => throw Malformed(),
                };
                i += 2;
                continue;
            }

            var unit = Hex(source, i + 2);
            i += 6;
            int codePoint = unit;
            if (char.IsHighSurrogate((char)unit))
            {
                if (i + 6 > source.Length || source[i] != '\\' || source[i + 1] != 'u' || !char.IsLowSurrogate((char)Hex(source, i + 2)))
                {
                    throw LoneSurrogate();
                }

                codePoint = char.ConvertToUtf32((char)unit, (char)Hex(source, i + 2));
                i += 6;
            }
            else if (char.IsLowSurrogate((char)unit))
            {
                throw LoneSurrogate();
            }

            o += new Rune(codePoint).EncodeToUtf8(destination[o..]);
        }

        consumed = i;
        return o;
    }

    // Utf8Parser: clients that escape '+' as \u002B (System.Text.Json does) send one escape per ~64 base64 characters.
    private static int Hex(ReadOnlySpan<byte> source, int at) =>
        at + 4 <= source.Length && Utf8Parser.TryParse(source.Slice(at, 4), out ushort unit, out var used, 'X') && used == 4
            ? unit
            : throw Malformed();

    private static ApiException Malformed() =>
        ApiException.InvalidParams("malformed JSON body: a bad escape inside 'content'", "Send a JSON object with Content-Type: application/json");

    private static ApiException LoneSurrogate() =>
        ApiException.InvalidParams("'content' is not valid text (it holds a lone UTF-16 surrogate)", "Escape only complete surrogate pairs in JSON strings");
}
