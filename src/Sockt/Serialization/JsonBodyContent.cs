using System.Net.Http.Headers;

namespace Sockt.Serialization;

/// <summary>
/// A request body already serialized to UTF-8 JSON. It exposes its buffer so that the handlers that must be able to
/// send a request again (the <c>pod_starting</c> retry, a caller's <see cref="HttpClient"/>) reuse it instead of
/// copying it: a base64 file upload is the largest thing the SDK holds in memory, and each copy counted.
/// </summary>
internal sealed class JsonBodyContent : ByteArrayContent
{
    internal JsonBodyContent(byte[] buffer, int count)
        : base(buffer, 0, count)
    {
        Body = new ArraySegment<byte>(buffer, 0, count);
        Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        Headers.ContentLength = count;
    }

    /// <summary>The serialized body; never mutated after construction.</summary>
    internal ArraySegment<byte> Body { get; }
}
