using System.Net.Http.Headers;

namespace Sockt.Http;

/// <summary>A request body read into memory once, from which identical <see cref="HttpContent"/>s can be made for each send.</summary>
internal sealed class BufferedContent
{
    private readonly ArraySegment<byte> _bytes;
    private readonly KeyValuePair<string, IEnumerable<string>>[] _headers;

    private BufferedContent(ArraySegment<byte> bytes, KeyValuePair<string, IEnumerable<string>>[] headers)
    {
        _bytes = bytes;
        _headers = headers;
    }

    internal static async Task<BufferedContent> CaptureAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // The SDK's own JSON bodies are already bytes: reuse them rather than copy a large upload again.
        ArraySegment<byte> bytes = content is Serialization.JsonBodyContent json
            ? json.Body
            : await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var headers = content.Headers.Select(h => new KeyValuePair<string, IEnumerable<string>>(h.Key, h.Value.ToArray())).ToArray();
        return new BufferedContent(bytes, headers);
    }

    internal HttpContent Create()
    {
        var content = new ByteArrayContent(_bytes.Array!, _bytes.Offset, _bytes.Count);
        foreach (var header in _headers)
        {
            if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        content.Headers.ContentLength = _bytes.Count;
        return content;
    }

    /// <summary>Copies a content's headers (used when cloning a request).</summary>
    internal static void CopyHeaders(HttpHeaders from, HttpHeaders to)
    {
        foreach (var header in from)
        {
            to.TryAddWithoutValidation(header.Key, header.Value);
        }
    }
}
