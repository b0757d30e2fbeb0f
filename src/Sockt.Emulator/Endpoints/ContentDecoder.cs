using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Sockt.Emulator.Http;

namespace Sockt.Emulator.Endpoints;

/// <summary>
/// Turns still JSON-escaped <c>content</c> characters into file bytes chunk by chunk (unescape, then base64 or UTF-8),
/// handing each chunk to a sink: memory stays at a few fixed buffers whatever the file size. Characters are pushed as
/// they arrive (<see cref="PushAsync"/>, straight from the request body) or read from a spool (<see cref="DecodeAsync"/>).
/// </summary>
internal sealed class ContentDecoder : IDisposable
{
    /// <summary>Most characters one <see cref="PushAsync"/> may take.</summary>
    public const int ChunkBytes = 64 * 1024;

    // The longest escape, a surrogate pair: \uD83D\uDE00.
    private const int LongestEscape = 12;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Room for a chunk plus what the previous one left undecoded (a cut escape, a partial base64 quantum).
    private readonly byte[] raw = ArrayPool<byte>.Shared.Rent(2 * ChunkBytes);
    private readonly byte[] text = ArrayPool<byte>.Shared.Rent(2 * ChunkBytes);
    private readonly byte[] bytes = ArrayPool<byte>.Shared.Rent(2 * ChunkBytes);
    private readonly Decoder utf8 = StrictUtf8.GetDecoder();
    private readonly bool escaped;
    private readonly bool base64;
    private readonly Func<ReadOnlyMemory<byte>, Task>? sink;
    private int rawLength;
    private int textLength;

    /// <param name="escaped">The characters are as the JSON body had them (escapes to undo); false for text already unescaped.</param>
    /// <param name="base64">Decode base64 (else check strict UTF-8 and pass the text through).</param>
    /// <param name="sink">Receives the file bytes in order; null only validates.</param>
    public ContentDecoder(bool escaped, bool base64, Func<ReadOnlyMemory<byte>, Task>? sink)
    {
        this.escaped = escaped;
        this.base64 = base64;
        this.sink = sink;
    }

    /// <summary>File bytes decoded so far (all of them after <see cref="FinishAsync"/>).</summary>
    public long Total { get; private set; }

    /// <summary>Decodes all of <paramref name="source"/>; returns the file's length. A null sink only validates.</summary>
    public static async Task<long> DecodeAsync(Stream source, bool escaped, bool base64, Func<ReadOnlyMemory<byte>, Task>? sink, CancellationToken cancellation)
    {
        source.Position = 0;
        using var decoder = new ContentDecoder(escaped, base64, sink);
        int read;
        while ((read = await source.ReadAsync(decoder.raw.AsMemory(decoder.rawLength, ChunkBytes), cancellation)) > 0)
        {
            await decoder.StepAsync(read, final: false);
        }

        await decoder.FinishAsync();
        return decoder.Total;
    }

    /// <summary>Decodes the next content characters (at most <see cref="ChunkBytes"/>), as they came in the body.</summary>
    public Task PushAsync(ReadOnlySpan<byte> characters)
    {
        characters.CopyTo(raw.AsSpan(rawLength, ChunkBytes));
        return StepAsync(characters.Length, final: false);
    }

    /// <summary>Decodes what is left once the content has ended (a final base64 block with its padding).</summary>
    public Task FinishAsync() => StepAsync(0, final: true);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(raw);
        ArrayPool<byte>.Shared.Return(text);
        ArrayPool<byte>.Shared.Return(bytes);
    }

    /// <summary>Takes <paramref name="added"/> characters just put after the undecoded rest in <see cref="raw"/>.</summary>
    private async Task StepAsync(int added, bool final)
    {
        // Raw JSON string characters may not hold control characters; text already unescaped may.
        if (escaped && raw.AsSpan(rawLength, added).IndexOfAnyInRange((byte)0, (byte)0x1f) >= 0)
        {
            throw ApiException.InvalidParams("malformed JSON body: a control character inside 'content' must be escaped", "Send a JSON object with Content-Type: application/json");
        }

        rawLength += added;
        var consumed = rawLength;
        if (escaped && raw.AsSpan(0, rawLength).Contains((byte)'\\'))
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
        Total += written;
        if (sink is not null && written > 0)
        {
            await sink(bytes.AsMemory(0, written));
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
