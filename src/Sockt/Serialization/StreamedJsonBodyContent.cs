using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;

namespace Sockt.Serialization;

/// <summary>
/// A JSON body whose one string value is streamed while it is written: the base64 of a byte buffer or of a stream, or
/// the escaped UTF-8 of a text (see <see cref="JsonTextChunks"/>), encoded in bounded slices; the JSON before and after
/// that value is kept as bytes, the value is never held whole. A buffer, a text, or a stream that knows its length is
/// sent with a Content-Length; any other stream is sent chunked. A buffer or text can be written any number of times
/// and a seekable stream is rewound, which is how the handlers that send a request again (the <c>pod_starting</c>
/// retry) re-send it without buffering it; see <see cref="CanClone"/> for other streams.
/// </summary>
internal sealed class StreamedJsonBodyContent : HttpContent
{
    // A multiple of 3, so that every slice but the last encodes without padding.
    private const int SliceBytes = 48 * 1024;

    private readonly ReadOnlyMemory<byte> _prefix;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly StreamUpload? _upload;
    private readonly string? _text;
    private readonly long _textLength;
    private readonly ReadOnlyMemory<byte> _suffix;

    /// <summary>A body carrying the base64 of <paramref name="data"/>.</summary>
    internal StreamedJsonBodyContent(ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> suffix)
        : this(prefix, data, upload: null, text: null, textLength: 0, suffix)
    {
    }

    /// <summary>A body carrying the base64 of the rest of <paramref name="upload"/>'s stream.</summary>
    internal StreamedJsonBodyContent(ReadOnlyMemory<byte> prefix, StreamUpload upload, ReadOnlyMemory<byte> suffix)
        : this(prefix, default, upload, text: null, textLength: 0, suffix)
    {
    }

    /// <summary>A body carrying <paramref name="text"/> as a JSON string, escaped as the serializer escapes it.</summary>
    internal StreamedJsonBodyContent(ReadOnlyMemory<byte> prefix, string text, ReadOnlyMemory<byte> suffix)
        : this(prefix, default, upload: null, text, JsonTextChunks.EncodedLength(text), suffix)
    {
    }

    private StreamedJsonBodyContent(ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> data, StreamUpload? upload, string? text, long textLength, ReadOnlyMemory<byte> suffix)
    {
        _prefix = prefix;
        _data = data;
        _upload = upload;
        _text = text;
        _textLength = textLength;
        _suffix = suffix;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        Headers.ContentLength = Length;
    }

    /// <summary>The exact number of bytes written; null for a stream of unknown length (sent chunked).</summary>
    internal long? Length => (_upload, _text) switch
    {
        (null, null) => _prefix.Length + EncodedLength(_data.Length) + (long)_suffix.Length,
        (null, _) => _prefix.Length + _textLength + (long)_suffix.Length,
        ({ Remaining: { } remaining }, _) => _prefix.Length + EncodedLength(remaining) + (long)_suffix.Length,
        _ => null,
    };

    /// <summary>
    /// The transfer's inactivity clock, restarted at the start of each send, after each slice written to the network
    /// and when the body is complete (the wait for the answer's headers then starts); shared by the clones.
    /// </summary>
    internal Files.IdleTimeout? Idle { get; set; }

    /// <summary>False once a non-seekable stream has been read from: the body can no longer be sent again.</summary>
    internal bool CanClone => _upload?.CanReplay ?? true;

    /// <summary>A fresh content over the same (never mutated) bytes or the same, rewound, stream, for sending the request again.</summary>
    internal StreamedJsonBodyContent Clone()
    {
        if (_upload is { CanReplay: false })
        {
            throw new InvalidOperationException("A non-seekable stream that was already read cannot be sent again.");
        }

        return new(_prefix, _data, _upload, _text, _textLength, _suffix) { Idle = Idle };
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Idle?.Restart();
        await WriteAsync(stream, _prefix, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(Base64.GetMaxEncodedToUtf8Length(SliceBytes), _text is null ? 0 : JsonTextChunks.MaxWindowBytes));
        try
        {
            if (_text is not null)
            {
                for (var start = 0; start < _text.Length;)
                {
                    var count = JsonTextChunks.NextWindow(_text, start);
                    var written = JsonTextChunks.Encode(_text.AsSpan(start, count), buffer);
                    await WriteAsync(stream, buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                    start += count;
                }
            }
            else if (_upload is null)
            {
                for (var offset = 0; offset < _data.Length; offset += SliceBytes)
                {
                    var slice = _data.Slice(offset, Math.Min(SliceBytes, _data.Length - offset));
                    var written = Encode(slice.Span, buffer);
                    await WriteAsync(stream, buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await EncodeStreamAsync(_upload, stream, buffer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await WriteAsync(stream, _suffix, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes to the network; each completed write is progress (a stalled peer leaves the write pending).</summary>
    private async ValueTask WriteAsync(Stream destination, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await destination.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        Idle?.Restart();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Length ?? 0;
        return Length is not null;
    }

    /// <summary>Reads the stream slice by slice and writes each slice's base64; a known length is sent exactly.</summary>
    private async Task EncodeStreamAsync(StreamUpload upload, Stream destination, byte[] output, CancellationToken cancellationToken)
    {
        upload.Rewind();
        var input = ArrayPool<byte>.Shared.Rent(SliceBytes);
        try
        {
            var left = upload.Remaining ?? long.MaxValue;
            long sent = 0;
            while (left > 0)
            {
                // Only the last read comes back short, so every slice before it is a multiple of 3 (no padding).
                var wanted = (int)Math.Min(SliceBytes, left);
                var read = await upload.ReadAsync(input.AsMemory(0, wanted), cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    var written = Encode(input.AsSpan(0, read), output);
                    await WriteAsync(destination, output.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                    sent += read;
                    left -= read;
                }

                if (read < wanted)
                {
                    break;
                }
            }

            if (upload.Remaining is { } announced && sent < announced)
            {
                throw upload.EndedEarly(sent);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
        }
    }

    private static long EncodedLength(long bytes) => (bytes + 2) / 3 * 4;

    private static int Encode(ReadOnlySpan<byte> slice, Span<byte> destination)
    {
        var status = Base64.EncodeToUtf8(slice, destination, out _, out var written);
        if (status != OperationStatus.Done)
        {
            throw new InvalidOperationException($"Base64 encoding of a request body stopped with {status}.");
        }

        return written;
    }
}
