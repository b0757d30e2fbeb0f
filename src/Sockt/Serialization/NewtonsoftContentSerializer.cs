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

    private readonly JsonSerializer serializer;

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

        var builder = new StringBuilder(256);
        using (var writer = new StringWriter(builder, System.Globalization.CultureInfo.InvariantCulture))
        {
            serializer.Serialize(writer, item, typeof(T));
        }

        return new StringContent(builder.ToString(), Utf8NoBom, "application/json");
    }

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        if (content is null)
        {
            return default;
        }

        var text = await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return DeserializeFromString<T>(text);
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
