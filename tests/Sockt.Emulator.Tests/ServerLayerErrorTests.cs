using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>Requests the server layer refuses before the API sees them still get the error envelope.</summary>
internal sealed class ServerLayerErrorTests : EmulatorTestBase
{
    [Test]
    public async Task A_uri_too_long_gets_414_with_the_envelope()
    {
        var (status, json) = await SendAsync($"GET /v1/sandboxes/{new string('a', 20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        Assert.That((status, json?["code"]?.GetValue<string>()), Is.EqualTo((414, "uri_too_long")));
        AssertEnvelope(json);
    }

    [Test]
    public async Task Headers_too_large_get_431_with_the_envelope()
    {
        var (status, json) = await SendAsync($"GET /v1/sandboxes/tiers HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('a', 40_000)}\r\n\r\n");

        Assert.That((status, json?["code"]?.GetValue<string>()), Is.EqualTo((431, "headers_too_large")));
        AssertEnvelope(json);
    }

    [TestCase("GARBAGE\r\n\r\n")]
    [TestCase("GET /v1/sandboxes/tiers HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\n\r\n")]
    [TestCase("POST /v1/sandboxes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello")]
    public async Task A_malformed_request_gets_400_with_the_envelope(string request)
    {
        var (status, json) = await SendAsync(request);

        Assert.That((status, json?["code"]?.GetValue<string>()), Is.EqualTo((400, "bad_request")));
        AssertEnvelope(json);
    }

    [Test]
    public async Task Normal_answers_pass_through_unchanged()
    {
        var (status, json) = await SendAsync("GET /v1/sandboxes/tiers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(json?["tiers"]?.AsArray(), Is.Not.Empty);
    }

    private static void AssertEnvelope(JsonNode? json) =>
        Assert.That(json is JsonObject o && o.ContainsKey("error") && o.ContainsKey("message") && o.ContainsKey("hint"), Is.True, json?.ToJsonString());

    /// <summary>Sends raw bytes (no HTTP client would send these) and reads the answer until the server closes.</summary>
    private async Task<(int Status, JsonNode? Json)> SendAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(Emulator.BaseUrl.Host, Emulator.BaseUrl.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var status = int.Parse(text.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = text[(headEnd + 4)..];

        // The rewritten answers are documented in the spec as emulator extensions: check them like any other answer
        // to the operation the request line names (a request line that names none, like GARBAGE, is not checked).
        var requestLine = request[..request.IndexOf("\r\n", StringComparison.Ordinal)].Split(' ');
        if (requestLine.Length == 3 && requestLine[0] is "GET" or "POST" or "DELETE")
        {
            var mediaType = text[..headEnd].Split("\r\n")
                .Where(line => line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
                .Select(line => line["Content-Type:".Length..].Split(';')[0].Trim())
                .FirstOrDefault();
            var path = requestLine[1];
            Assert.That(OpenApiContract.Instance.Documents(new HttpMethod(requestLine[0]), path), Is.True, $"{requestLine[0]} {path} is an operation of the spec");
            OpenApiContract.Instance.AssertConforms(new HttpMethod(requestLine[0]), path, status, mediaType, body);
        }

        return (status, body.StartsWith('{') ? JsonNode.Parse(body) : null);
    }
}
