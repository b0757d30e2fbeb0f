using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Http.Headers;

namespace Sockt.Serialization;

/// <summary>
/// A JSON body whose one string value is the base64 of a byte buffer, encoded in slices while it is written: the
/// JSON before and after that value is kept as bytes, the base64 is never held whole. Its length is known up front
/// (so it is sent with a Content-Length), and it can be written any number of times, which is how the handlers that
/// send a request again (the <c>pod_starting</c> retry) re-send it without buffering it.
/// </summary>
internal sealed class Base64JsonBodyContent : HttpContent
{
    // A multiple of 3, so that every slice but the last encodes without padding.
    private const int SliceBytes = 48 * 1024;

    private readonly ReadOnlyMemory<byte> _prefix;
    private readonly ReadOnlyMemory<byte> _data;
    private readonly ReadOnlyMemory<byte> _suffix;

    internal Base64JsonBodyContent(ReadOnlyMemory<byte> prefix, ReadOnlyMemory<byte> data, ReadOnlyMemory<byte> suffix)
    {
        _prefix = prefix;
        _data = data;
        _suffix = suffix;
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        Headers.ContentLength = Length;
    }

    /// <summary>The exact number of bytes written.</summary>
    internal long Length => _prefix.Length + Base64.GetMaxEncodedToUtf8Length(_data.Length) + (long)_suffix.Length;

    /// <summary>A fresh content over the same (never mutated) bytes, for sending the request again.</summary>
    internal Base64JsonBodyContent Clone() => new(_prefix, _data, _suffix);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_prefix, cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(Base64.GetMaxEncodedToUtf8Length(SliceBytes));
        try
        {
            for (var offset = 0; offset < _data.Length; offset += SliceBytes)
            {
                var slice = _data.Slice(offset, Math.Min(SliceBytes, _data.Length - offset));
                var written = Encode(slice.Span, buffer);
                await stream.WriteAsync(buffer.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await stream.WriteAsync(_suffix, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = Length;
        return true;
    }

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
