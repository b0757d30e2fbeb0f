using System.Reflection;
using System.Text;
using Newtonsoft.Json;
using Refit;

namespace Sockt.Serialization;

/// <summary>
/// Refit content serializer over Newtonsoft.Json (the Refit.Newtonsoft.Json package is not available to
/// this project). Request bodies are buffered UTF-8 JSON, so they carry a Content-Length; response
/// bodies are decoded with the charset the server declares.
/// </summary>
internal sealed class NewtonsoftContentSerializer : IHttpContentSerializer, ISynchronousContentDeserializer
{
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private const long SmallBodyBytes = 64 * 1024;

    /// <summary>How the binary-write placeholder appears in the serialized JSON (fixed per process).</summary>
    private static readonly byte[] BinaryPlaceholderJson = Encoding.UTF8.GetBytes("\"" + Models.WriteFileRequest.BinaryContentPlaceholder + "\"");

    private readonly JsonSerializer serializer;

    /// <summary>An instance with the SDK's settings, for the calls the SDK sends without Refit (streamed file transfers).</summary>
    internal static NewtonsoftContentSerializer Default { get; } = new();

    public NewtonsoftContentSerializer()
        : this(SocktJsonSettings.Create())
    {
    }

    public NewtonsoftContentSerializer(JsonSerializerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        serializer = JsonSerializer.Create(settings);
    }

    public HttpContent ToHttpContent<T>(T item)
    {
        // An optional body left null (terminate without a refund address) means "send no body": Refit would
        // otherwise send the four bytes "null" as JSON. Empty content has no Content-Type and length 0.
        if (item is null)
        {
            return new ByteArrayContent([]);
        }

        // Straight to UTF-8 bytes: going through a string (and a StringBuilder) tripled the memory of a base64 upload.
        var buffer = new MemoryStream(256);
        using (var text = new StreamWriter(buffer, Utf8NoBom, bufferSize: 1024, leaveOpen: true))
        using (var writer = new JsonTextWriter(text) { CloseOutput = false })
        {
            serializer.Serialize(writer, item, typeof(T));
        }

        if (item is Models.WriteFileRequest { BinaryContent: { } binary })
        {
            var (prefix, suffix) = SplitAtPlaceholder(buffer.GetBuffer().AsMemory(0, checked((int)buffer.Length)));
            return new StreamedJsonBodyContent(prefix, binary, suffix);
        }

        if (item is Models.WriteFileRequest { BinaryStream: { } upload })
        {
            var (prefix, suffix) = SplitAtPlaceholder(buffer.GetBuffer().AsMemory(0, checked((int)buffer.Length)));
            return new StreamedJsonBodyContent(prefix, upload, suffix);
        }

        if (item is Models.WriteFileRequest { TextContent: { } textContent })
        {
            var (prefix, suffix) = SplitAtPlaceholder(buffer.GetBuffer().AsMemory(0, checked((int)buffer.Length)));
            return new StreamedJsonBodyContent(prefix, textContent, suffix);
        }

        return new JsonBodyContent(buffer.GetBuffer(), checked((int)buffer.Length));
    }

    /// <summary>
    /// The JSON of a file write around the placeholder the serializer wrote for its content: the base64 of the bytes
    /// or stream, or the escaped text, is streamed between the two, so the generated DTO and this serializer still
    /// decide every other byte.
    /// </summary>
    private static (ReadOnlyMemory<byte> Prefix, ReadOnlyMemory<byte> Suffix) SplitAtPlaceholder(ReadOnlyMemory<byte> json)
    {
        // The placeholder is ASCII letters, digits and hyphens, so its JSON form is itself in quotes; a quote inside
        // another string value is always escaped, so this cannot match inside the path.
        var at = json.Span.IndexOf(BinaryPlaceholderJson);
        if (at < 0)
        {
            throw new InvalidOperationException("The serialized file write has no content placeholder.");
        }

        // Keep the quotes around the value: the base64 goes between them.
        return (json[..(at + 1)], json[(at + BinaryPlaceholderJson.Length - 1)..]);
    }

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        if (content is null)
        {
            return default;
        }

        // Small bodies (status, exec polls) parse fastest and leanest from one string. Large ones (a base64 file
        // download) are buffered as bytes and parsed from them: no intermediate string of the whole body, which was
        // the largest allocation, and no synchronous read of the network.
        if (content.Headers.ContentLength is long length && length <= SmallBodyBytes)
        {
            return DeserializeFromString<T>(await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }

        await content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new StreamReader(stream, ResolveEncoding(content), detectEncodingFromByteOrderMarks: true);
            using var json = new JsonTextReader(reader);
            return serializer.Deserialize<T>(json);
        }
    }

    private static Encoding ResolveEncoding(HttpContent content)
    {
        var charset = content.Headers.ContentType?.CharSet?.Trim('"');
        if (string.IsNullOrEmpty(charset))
        {
            return Utf8NoBom;
        }

        try
        {
            return Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            return Utf8NoBom;
        }
    }

    public T? DeserializeFromString<T>(string content)
    {
        // An empty body (seen on some 2xx answers of proxies) reads as "no value" instead of failing.
        if (string.IsNullOrWhiteSpace(content))
        {
            return default;
        }

        using var reader = new JsonTextReader(new StringReader(content));
        return serializer.Deserialize<T>(reader);
    }

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo)
    {
        ArgumentNullException.ThrowIfNull(propertyInfo);
        return propertyInfo.GetCustomAttribute<JsonPropertyAttribute>(inherit: true)?.PropertyName ?? propertyInfo.Name;
    }
}
