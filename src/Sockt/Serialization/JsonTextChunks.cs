using System.Buffers;
using System.Text;
using Newtonsoft.Json;

namespace Sockt.Serialization;

/// <summary>
/// The UTF-8 of a string as the inside of a JSON string value, produced window by window into a bounded buffer and
/// byte-identical to what the SDK's serializer (Newtonsoft.Json with <see cref="StringEscapeHandling.Default"/>,
/// through a UTF-8 <see cref="StreamWriter"/>) writes for the whole string at once. Newtonsoft escapes character by
/// character, so each escape is taken from Newtonsoft itself for that one character, and the characters between
/// escapes are plain UTF-8 (a lone surrogate becomes U+FFFD, as the writer's encoder makes it). Windows never split a
/// surrogate pair, so encoding them one at a time gives the same bytes as encoding the whole string.
/// </summary>
internal static class JsonTextChunks
{
    /// <summary>Characters per window.</summary>
    internal const int WindowChars = 16 * 1024;

    /// <summary>The most bytes one window can become (every character a six-byte <c>\u00XX</c>).</summary>
    internal const int MaxWindowBytes = WindowChars * 6;

    /// <summary>What Newtonsoft escapes in a double-quoted string by default: controls, quote, backslash, NEL, LS, PS.</summary>
    internal static readonly SearchValues<char> Escaped = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\"\\\u0085\u2028\u2029");

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Newtonsoft's escape of each character in <see cref="Escaped"/>, as ASCII bytes (index: the character for controls).</summary>
    private static readonly byte[][] ControlEscapes = Enumerable.Range(0, 0x20).Select(c => EscapeOf((char)c)).ToArray();
    private static readonly byte[] QuoteEscape = EscapeOf('"');
    private static readonly byte[] BackslashEscape = EscapeOf('\\');
    private static readonly byte[] NextLineEscape = EscapeOf('\u0085');
    private static readonly byte[] LineSeparatorEscape = EscapeOf('\u2028');
    private static readonly byte[] ParagraphSeparatorEscape = EscapeOf('\u2029');

    /// <summary>The number of bytes <see cref="Encode"/> produces for the whole of <paramref name="text"/>.</summary>
    internal static long EncodedLength(ReadOnlySpan<char> text)
    {
        long length = 0;
        while (!text.IsEmpty)
        {
            var clean = text.IndexOfAny(Escaped);
            if (clean < 0)
            {
                return length + Utf8.GetByteCount(text);
            }

            length += Utf8.GetByteCount(text[..clean]) + EscapeBytes(text[clean]).Length;
            text = text[(clean + 1)..];
        }

        return length;
    }

    /// <summary>The next window of <paramref name="text"/> from <paramref name="start"/>: at most <see cref="WindowChars"/>, never ending between a surrogate pair.</summary>
    internal static int NextWindow(string text, int start)
    {
        var count = Math.Min(WindowChars, text.Length - start);
        if (start + count < text.Length && char.IsHighSurrogate(text[start + count - 1]) && char.IsLowSurrogate(text[start + count]))
        {
            count--;
        }

        return count;
    }

    /// <summary>Writes the escaped UTF-8 of one window into <paramref name="destination"/> (at least <see cref="MaxWindowBytes"/> long).</summary>
    /// <returns>The bytes written.</returns>
    internal static int Encode(ReadOnlySpan<char> window, Span<byte> destination)
    {
        var written = 0;
        while (!window.IsEmpty)
        {
            var clean = window.IndexOfAny(Escaped);
            var run = clean < 0 ? window : window[..clean];
            written += Utf8.GetBytes(run, destination[written..]);
            if (clean < 0)
            {
                break;
            }

            var escape = EscapeBytes(window[clean]);
            escape.CopyTo(destination[written..]);
            written += escape.Length;
            window = window[(clean + 1)..];
        }

        return written;
    }

    private static byte[] EscapeBytes(char c) => c switch
    {
        < (char)0x20 => ControlEscapes[c],
        '"' => QuoteEscape,
        '\\' => BackslashEscape,
        '\u0085' => NextLineEscape,
        '\u2028' => LineSeparatorEscape,
        _ => ParagraphSeparatorEscape,
    };

    /// <summary>Newtonsoft's own escape of one character, without the quotes around it.</summary>
    private static byte[] EscapeOf(char c)
    {
        var quoted = JsonConvert.ToString(c.ToString(), '"', StringEscapeHandling.Default);
        return Encoding.ASCII.GetBytes(quoted[1..^1]);
    }
}
