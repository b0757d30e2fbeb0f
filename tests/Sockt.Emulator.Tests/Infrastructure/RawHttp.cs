using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>
/// HTTP the way a browser or an attacker sends it: any Host, Origin, Content-Type or bytes, and the answer's
/// headers kept. (<see cref="EmulatorApi"/> checks answers against the spec; these requests are off-spec on purpose.)
/// </summary>
internal sealed class RawHttp(Uri baseUrl) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };

    public async Task<RawResponse> SendAsync(
        HttpMethod method,
        string path,
        string? token = null,
        byte[]? body = null,
        string? contentType = null,
        string? host = null,
        IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        OpenApiContract.Instance.AssertConforms(method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text);
        var all = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).ToList();
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json")
        {
            json = JsonNode.Parse(text);
        }

        return new RawResponse((int)response.StatusCode, all, text, json);
    }

    public Task<RawResponse> PostJsonAsync(string path, string? token, string json, string contentType = "application/json", string? host = null) =>
        SendAsync(HttpMethod.Post, path, token, Encoding.UTF8.GetBytes(json), contentType, host);

    public void Dispose() => http.Dispose();
}
