using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sockt.Benchmarks.Raw;

/// <summary>
/// The floor for binary file transfer over the documented JSON endpoints: the write body is built in one exactly
/// sized UTF-8 buffer with the base64 encoded in place (no string, no copy); the read body is read into one buffer of the
/// announced Content-Length and its base64 decoded in place.
/// </summary>
public sealed class RawFileClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient http;

    public RawFileClient(HttpClient http) => this.http = http;

    public async Task WriteAsync(string sandboxId, string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        var prefix = Encoding.UTF8.GetBytes("{\"path\":" + JsonSerializer.Serialize(path) + ",\"encoding\":\"base64\",\"create_dirs\":true,\"content\":\"");
        var suffix = "\"}"u8;
        var encodedLength = Base64.GetMaxEncodedToUtf8Length(content.Length);
        var body = new byte[prefix.Length + encodedLength + suffix.Length];
        prefix.CopyTo(body, 0);
        Base64.EncodeToUtf8(content.Span, body.AsSpan(prefix.Length, encodedLength), out _, out var written);
        suffix.CopyTo(body.AsSpan(prefix.Length + written));
        using var request = new ByteArrayContent(body, 0, prefix.Length + written + suffix.Length);
        request.Headers.ContentType = Json;
        using var response = await http.PostAsync("/v1/sandboxes/" + sandboxId + "/files/write", request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<byte[]> ReadAsync(string sandboxId, string path, CancellationToken cancellationToken = default)
    {
        using var request = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"path\":" + JsonSerializer.Serialize(path) + ",\"encoding\":\"base64\"}"));
        request.Headers.ContentType = Json;
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/sandboxes/" + sandboxId + "/files/read") { Content = request };
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength is not { } length)
        {
            return ContentOf(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }

        // The length is known: read the body straight into one exactly sized buffer (no growing, no final copy).
        var body = new byte[length];
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await stream.ReadExactlyAsync(body, cancellationToken);
        return ContentOf(body);
    }

    private static byte[] ContentOf(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                if (reader.ValueIsEscaped)
                {
                    return reader.GetBytesFromBase64();
                }

                // Decode in place inside the body buffer (base64 shrinks), then copy out exactly the decoded bytes.
                var encoded = body.AsSpan((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
                if (Base64.DecodeFromUtf8InPlace(encoded, out var written) != System.Buffers.OperationStatus.Done)
                {
                    throw new InvalidOperationException("files/read answered content that is not base64");
                }

                return encoded[..written].ToArray();
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth > 0)
            {
                reader.Skip();
            }
        }

        throw new InvalidOperationException("files/read answered without content");
    }
}
