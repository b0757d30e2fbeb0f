using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Sockt.Internal;

namespace Sockt.Files;

/// <summary>
/// Reads a file-read answer (<c>{"content":"…","encoding":…,"size_bytes":…,"truncated":…}</c>, fields in any order)
/// chunk by chunk as UTF-8 bytes and decodes the top-level <c>content</c> string as it arrives, so memory does not grow
/// with the file. Every byte outside <c>content</c> is kept as a small envelope (with <c>"content":""</c> in its place)
/// that <see cref="JsonDocument"/> checks and reads at the end, so malformed JSON is still rejected by a real parser.
/// A hand scan is needed because <see cref="Utf8JsonReader"/> only hands out whole tokens: the content token is the file.
/// </summary>
internal sealed class FileContentScanner
{
    /// <summary>Everything but the content is a few fields; a larger envelope is not a file-read answer.</summary>
    internal const int MaxEnvelopeBytes = 64 * 1024;

    private const int NoEscape = 0;
    private const int AfterBackslash = 1;
    private const int InUnicodeEscape = 2;

    private readonly string _operation;
    private readonly int _statusCode;
    private readonly ArrayBufferWriter<byte> _envelope = new(256);
    private readonly byte[] _key = new byte[16];
    private readonly byte[] _encodingValue = new byte[16];
    private byte[] _text = [];
    private int _textLength;

    private int _depth;
    private bool _inString;
    private bool _stringEscape;
    private bool _expectKey;
    private bool _stringIsKey;
    private bool _stringIsEncoding;
    private int _keyLength;
    private int _encodingLength = -1;
    private KeyKind _lastKey;

    private bool _inContent;
    private bool _contentStreamed;
    private bool _decodeAsBase64 = true;
    private int _escapeState;
    private int _hexValue;
    private int _hexCount;
    private int _pendingHighSurrogate = -1;
    private long _written;

    internal FileContentScanner(string operation, int statusCode)
    {
        _operation = operation;
        _statusCode = statusCode;
    }

    private enum KeyKind
    {
        Other,
        Content,
        Encoding,
        SizeBytes,
    }

    /// <summary>The <c>size_bytes</c> seen so far (a hint for sizing a result; the envelope's value is checked at the end).</summary>
    internal long? SizeHint { get; private set; }

    /// <summary>The largest output <see cref="Process"/> can produce for <paramref name="inputLength"/> input bytes.</summary>
    internal static int MaxOutputLength(int inputLength) => inputLength + 16;

    /// <summary>Scans one chunk; decoded content bytes go to <paramref name="output"/> (at least <see cref="MaxOutputLength"/> long).</summary>
    /// <returns>How many bytes of <paramref name="output"/> were written.</returns>
    internal int Process(ReadOnlySpan<byte> chunk, Span<byte> output)
    {
        if (_text.Length < MaxOutputLength(chunk.Length))
        {
            var grown = new byte[MaxOutputLength(chunk.Length)];
            _text.AsSpan(0, _textLength).CopyTo(grown);
            _text = grown;
        }

        var i = 0;
        while (i < chunk.Length)
        {
            if (_inContent)
            {
                i += ScanContent(chunk[i..]);
            }
            else
            {
                ScanEnvelopeByte(chunk[i]);
                i++;
            }
        }

        return Drain(output, isFinalBlock: false);
    }

    /// <summary>Ends the body: decodes what is left of the content and reads the envelope.</summary>
    /// <param name="output">Receives the last decoded bytes (at least <see cref="MaxOutputLength"/>(16) long).</param>
    /// <param name="tailLength">How many bytes of <paramref name="output"/> were written.</param>
    /// <param name="fallbackContent">Content found only in the envelope (its key was written with escapes), decoded.</param>
    internal FileReadInfo Finish(Span<byte> output, out int tailLength, out byte[]? fallbackContent)
    {
        if (_inContent || _inString)
        {
            throw Unreadable("the body ended inside a string");
        }

        if (_escapeState != NoEscape || _pendingHighSurrogate >= 0)
        {
            FlushPendingHighSurrogate();
        }

        tailLength = Drain(output, isFinalBlock: true);
        fallbackContent = null;
        string? encoding;
        long? size;
        var truncated = false;
        try
        {
            using var document = JsonDocument.Parse(_envelope.WrittenMemory);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Unreadable("the body is not a JSON object");
            }

            encoding = root.TryGetProperty("encoding", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            size = ReadSize(root, "size_bytes") ?? ReadSize(root, "size");
            if (root.TryGetProperty("truncated", out var t) && t.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                truncated = t.GetBoolean();
            }

            var hasContent = _contentStreamed;
            if (!_contentStreamed && root.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
            {
                // The key was written with escapes (never by the service, but valid JSON): the value is in the envelope.
                hasContent = true;
                var text = c.GetString()!;
                fallbackContent = encoding == "utf8" ? Encoding.UTF8.GetBytes(text) : DecodeBase64(text);
            }

            RequiredFields.Check(_operation, _statusCode, ("content", hasContent));
        }
        catch (JsonException exception)
        {
            throw Unreadable(exception.Message);
        }

        if (_contentStreamed && _decodeAsBase64 && encoding is not null && encoding != "base64")
        {
            throw Unreadable($"the content came before its encoding '{encoding}' although base64 was asked for");
        }

        return new FileReadInfo(encoding, size, truncated, _written + (fallbackContent?.Length ?? 0));
    }

    private static long? ReadSize(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var size) ? size : null;

    private byte[] DecodeBase64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException exception)
        {
            throw Unreadable($"the content is not valid base64: {exception.Message}");
        }
    }

    private void ScanEnvelopeByte(byte b)
    {
        if (_envelope.WrittenCount >= MaxEnvelopeBytes)
        {
            throw Unreadable($"the fields around the content exceed {MaxEnvelopeBytes} bytes");
        }

        if (_inString)
        {
            Append(b);
            if (_stringEscape)
            {
                _stringEscape = false;
                _keyLength = -1;
                _encodingLength = _stringIsEncoding ? -1 : _encodingLength;
            }
            else if (b == (byte)'\\')
            {
                _stringEscape = true;
            }
            else if (b == (byte)'"')
            {
                _inString = false;
                if (_stringIsKey)
                {
                    var key = _keyLength < 0 ? default : _key.AsSpan(0, _keyLength);
                    _lastKey = key.SequenceEqual("content"u8) ? KeyKind.Content : key.SequenceEqual("encoding"u8) ? KeyKind.Encoding
                        : key.SequenceEqual("size_bytes"u8) ? KeyKind.SizeBytes : KeyKind.Other;
                }
                else if (_stringIsEncoding && _encodingLength >= 0)
                {
                    // Text content is copied as is, base64 decoded: known only when the encoding comes first.
                    _decodeAsBase64 = !_encodingValue.AsSpan(0, _encodingLength).SequenceEqual("utf8"u8);
                }
            }
            else if (_stringIsKey)
            {
                Capture(_key, ref _keyLength, b);
            }
            else if (_stringIsEncoding)
            {
                Capture(_encodingValue, ref _encodingLength, b);
            }

            return;
        }

        Append(b);
        switch (b)
        {
            case (byte)'"' when _depth == 1 && !_expectKey && _lastKey == KeyKind.Content:
                if (_contentStreamed)
                {
                    throw Unreadable("the body has two content fields");
                }

                // The envelope keeps "" in place of the content; the closing quote is appended when the content ends.
                _inContent = true;
                _contentStreamed = true;
                _lastKey = KeyKind.Other;
                break;
            case (byte)'"':
                _inString = true;
                _stringIsKey = _depth == 1 && _expectKey;
                _stringIsEncoding = _depth == 1 && !_expectKey && _lastKey == KeyKind.Encoding;
                _keyLength = 0;
                if (_stringIsEncoding)
                {
                    _encodingLength = 0;
                }

                break;
            case (byte)'{' or (byte)'[':
                _depth++;
                _expectKey = b == (byte)'{' && _depth == 1;
                break;
            case (byte)'}' or (byte)']':
                _depth--;
                break;
            case (byte)':' when _depth == 1:
                _expectKey = false;
                break;
            case (byte)',' when _depth == 1:
                _expectKey = true;
                _lastKey = KeyKind.Other;
                break;
            case >= (byte)'0' and <= (byte)'9' when _depth == 1 && !_expectKey && _lastKey == KeyKind.SizeBytes:
                var hint = (SizeHint ?? 0) * 10 + (b - '0');
                SizeHint = hint <= Array.MaxLength ? hint : null;
                _lastKey = hint <= Array.MaxLength ? KeyKind.SizeBytes : KeyKind.Other;
                break;
        }
    }

    private static void Capture(byte[] buffer, ref int length, byte b)
    {
        if (length >= 0 && length < buffer.Length)
        {
            buffer[length++] = b;
        }
        else
        {
            length = -1;
        }
    }

    private void Append(byte b)
    {
        _envelope.GetSpan(1)[0] = b;
        _envelope.Advance(1);
    }

    /// <summary>Scans content bytes up to the closing quote; unescaped bytes go to the text buffer.</summary>
    /// <returns>How many bytes of <paramref name="input"/> were consumed.</returns>
    private int ScanContent(ReadOnlySpan<byte> input)
    {
        var i = 0;
        while (i < input.Length)
        {
            if (_escapeState != NoEscape)
            {
                ScanEscapeByte(input[i++]);
                continue;
            }

            var rest = input[i..];
            var stop = rest.IndexOfAny((byte)'"', (byte)'\\');
            var plain = stop < 0 ? rest : rest[..stop];
            if (!plain.IsEmpty)
            {
                FlushPendingHighSurrogate();
                plain.CopyTo(_text.AsSpan(_textLength));
                _textLength += plain.Length;
                i += plain.Length;
            }

            if (stop < 0)
            {
                break;
            }

            i++;
            if (rest[stop] == (byte)'"')
            {
                FlushPendingHighSurrogate();
                _inContent = false;
                Append((byte)'"');
                return i;
            }

            _escapeState = AfterBackslash;
        }

        return i;
    }

    private void ScanEscapeByte(byte b)
    {
        if (_escapeState == InUnicodeEscape)
        {
            var digit = HexDigit(b);
            if (digit < 0)
            {
                throw Unreadable("the content has an invalid \\u escape");
            }

            _hexValue = (_hexValue << 4) | digit;
            if (++_hexCount == 4)
            {
                _escapeState = NoEscape;
                AppendCodePoint(_hexValue);
            }

            return;
        }

        _escapeState = NoEscape;
        byte unescaped = b switch
        {
            (byte)'"' or (byte)'\\' or (byte)'/' => b,
            (byte)'b' => 8,
            (byte)'f' => 12,
            (byte)'n' => 10,
            (byte)'r' => 13,
            (byte)'t' => 9,
            (byte)'u' => 0,
            _ => throw Unreadable("the content has an invalid escape"),
        };

        if (b == (byte)'u')
        {
            _escapeState = InUnicodeEscape;
            _hexValue = 0;
            _hexCount = 0;
            return;
        }

        FlushPendingHighSurrogate();
        _text[_textLength++] = unescaped;
    }

    private void AppendCodePoint(int codeUnit)
    {
        if (_pendingHighSurrogate >= 0 && char.IsLowSurrogate((char)codeUnit))
        {
            var scalar = char.ConvertToUtf32((char)_pendingHighSurrogate, (char)codeUnit);
            _pendingHighSurrogate = -1;
            _textLength += new Rune(scalar).EncodeToUtf8(_text.AsSpan(_textLength));
            return;
        }

        FlushPendingHighSurrogate();
        if (char.IsHighSurrogate((char)codeUnit))
        {
            _pendingHighSurrogate = codeUnit;
            return;
        }

        // A lone surrogate becomes U+FFFD, as System.Text.Json's reader does when it transcodes.
        var rune = char.IsLowSurrogate((char)codeUnit) ? Rune.ReplacementChar : new Rune(codeUnit);
        _textLength += rune.EncodeToUtf8(_text.AsSpan(_textLength));
    }

    private void FlushPendingHighSurrogate()
    {
        if (_pendingHighSurrogate >= 0)
        {
            _pendingHighSurrogate = -1;
            _textLength += Rune.ReplacementChar.EncodeToUtf8(_text.AsSpan(_textLength));
        }
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Moves the unescaped text to <paramref name="output"/>: copied for text, decoded for base64 (a partial quad stays).</summary>
    private int Drain(Span<byte> output, bool isFinalBlock)
    {
        if (_textLength == 0)
        {
            return 0;
        }

        int written;
        if (!_decodeAsBase64)
        {
            _text.AsSpan(0, _textLength).CopyTo(output);
            written = _textLength;
            _textLength = 0;
        }
        else
        {
            // Before the end only whole quads without padding are decoded (a non-final block rejects '='); the rest waits.
            var length = _textLength;
            if (!isFinalBlock)
            {
                length &= ~3;
                if (length >= 4 && _text[length - 1] == (byte)'=')
                {
                    length -= 4;
                }
            }

            var status = Base64.DecodeFromUtf8(_text.AsSpan(0, length), output, out var consumed, out written, isFinalBlock);
            if (status == OperationStatus.InvalidData || (isFinalBlock && status != OperationStatus.Done))
            {
                throw Unreadable("the content is not valid base64");
            }

            _text.AsSpan(consumed, _textLength - consumed).CopyTo(_text);
            _textLength -= consumed;
        }

        _written += written;
        return written;
    }

    private ApiException Unreadable(string reason) =>
        new($"Sockt API {_operation} answered {_statusCode} with a body the SDK could not read: {reason}.", _statusCode);
}
