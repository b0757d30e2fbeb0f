using System.Net.Http.Headers;

namespace Sockt.Http;

/// <summary>A request body read into memory once, from which identical <see cref="HttpContent"/>s can be made for each send.</summary>
internal sealed class BufferedContent
{
    private readonly ArraySegment<byte> _bytes;
    private readonly KeyValuePair<string, IEnumerable<string>>[] _headers;
    private readonly Serialization.StreamedJsonBodyContent? _rewritable;

    private BufferedContent(ArraySegment<byte> bytes, KeyValuePair<string, IEnumerable<string>>[] headers, Serialization.StreamedJsonBodyContent? rewritable = null)
    {
        _bytes = bytes;
        _headers = headers;
        _rewritable = rewritable;
    }

    internal static async Task<BufferedContent> CaptureAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // A binary file write encodes its base64 while it is sent, from bytes or a stream: never buffer it.
        if (content is Serialization.StreamedJsonBodyContent rewritable)
        {
            return new BufferedContent(default, CaptureHeaders(content), rewritable);
        }

        // The SDK's own JSON bodies are already bytes: reuse them rather than copy a large upload again.
        ArraySegment<byte> bytes = content is Serialization.JsonBodyContent json
            ? json.Body
            : await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new BufferedContent(bytes, CaptureHeaders(content));
    }

    private static KeyValuePair<string, IEnumerable<string>>[] CaptureHeaders(HttpContent content) =>
        content.Headers.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value.ToArray())).ToArray();

    internal HttpContent Create()
    {
        HttpContent content = _rewritable is not null
            ? _rewritable.Clone()
            : new ByteArrayContent(_bytes.Array!, _bytes.Offset, _bytes.Count);
        foreach (var header in _headers)
        {
            // A rewritable content sets its own Content-Type and Content-Length; adding them again would send the
            // header twice ("application/json; charset=utf-8, application/json; charset=utf-8"), which is not JSON.
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || content.Headers.Contains(header.Key))
            {
                continue;
            }

            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        content.Headers.ContentLength = _rewritable is not null ? _rewritable.Length : _bytes.Count;
        return content;
    }

    /// <summary>
    /// False when <see cref="Create"/> cannot make the body again: a streamed write from a non-seekable stream that a
    /// send has already read (the SDK does not buffer a file to be able to retry it).
    /// </summary>
    internal bool CanCreate => _rewritable?.CanClone ?? true;

    /// <summary>Copies a content's headers (used when cloning a request).</summary>
    internal static void CopyHeaders(HttpHeaders from, HttpHeaders to)
    {
        foreach (var header in from)
        {
            to.TryAddWithoutValidation(header.Key, header.Value);
        }
    }
}
