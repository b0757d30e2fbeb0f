using Newtonsoft.Json;

namespace Sockt.Models;

/// <summary>The SDK's side of the generated write body: bytes, a stream or a text that the serializer encodes while sending.</summary>
internal partial class WriteFileRequest
{
    /// <summary>
    /// Stands in for <see cref="Content"/> while <see cref="BinaryContent"/> is set: the serializer finds it in the JSON
    /// and streams the base64 of the bytes in its place. Random per process, so no path can contain it by chance.
    /// </summary>
    internal static readonly string BinaryContentPlaceholder = "sockt-binary-content-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// Bytes to send as base64 <c>content</c> without ever building the base64 string (it was 2.7× the file in UTF-16).
    /// When set, <see cref="Content"/> holds <see cref="BinaryContentPlaceholder"/>.
    /// </summary>
    [JsonIgnore]
    internal ReadOnlyMemory<byte>? BinaryContent { get; private set; }

    /// <summary>
    /// A stream to send as base64 <c>content</c>, read and encoded slice by slice while the body is sent.
    /// When set, <see cref="Content"/> holds <see cref="BinaryContentPlaceholder"/>.
    /// </summary>
    [JsonIgnore]
    internal Serialization.StreamUpload? BinaryStream { get; private set; }

    /// <summary>
    /// A text to send as <c>content</c> (in its <see cref="Encoding"/>), escaped and UTF-8-encoded window by window while
    /// the body is sent. When set, <see cref="Content"/> holds <see cref="BinaryContentPlaceholder"/>.
    /// </summary>
    [JsonIgnore]
    internal string? TextContent { get; private set; }

    /// <summary>Makes this request carry <paramref name="text"/> as its content, sent as it is in <paramref name="encoding"/> (the wire name).</summary>
    internal void SetTextContent(string text, string encoding)
    {
        TextContent = text;
        Content = BinaryContentPlaceholder;
        Encoding = encoding;
    }

    /// <summary>Makes this request carry <paramref name="bytes"/> as its base64 content.</summary>
    internal void SetBinaryContent(ReadOnlyMemory<byte> bytes)
    {
        BinaryContent = bytes;
        Content = BinaryContentPlaceholder;
        Encoding = FileEncoding.Base64.ToString();
    }

    /// <summary>Makes this request carry the rest of <paramref name="upload"/>'s stream as its base64 content.</summary>
    internal void SetBinaryContent(Serialization.StreamUpload upload)
    {
        BinaryStream = upload;
        Content = BinaryContentPlaceholder;
        Encoding = FileEncoding.Base64.ToString();
    }
}
