using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Sockt.Web.Tests;

/// <summary>
/// Hostile input on the bridge's browser side, sent from code (a browser's page cannot send most of it): each bad
/// message ends the connection with the matching close status, and a request that is no WebSocket gets the envelope.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BridgeProtocolTests : DemoTerminalFixture
{
    [Test]
    public async Task A_plain_request_gets_400_with_the_envelope()
    {
        using var http = new HttpClient { BaseAddress = Server.Origin };

        using var response = await http.GetAsync("/terminal?user=demo");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("code").GetString(), Is.EqualTo("websocket_required"));
    }

    [TestCase("""{"type":"input","data":"x","extra":""" + "\"" + "", WebSocketCloseStatus.PolicyViolation, TestName = "Broken JSON closes with 1008")]
    [TestCase("""{"type":"launch","data":"x"}""", WebSocketCloseStatus.PolicyViolation, TestName = "An unknown type closes with 1008")]
    [TestCase("""{"type":"resize","cols":0,"rows":24}""", WebSocketCloseStatus.PolicyViolation, TestName = "A zero size closes with 1008")]
    [TestCase("""{"type":"ack","chars":1000000000}""", WebSocketCloseStatus.PolicyViolation, TestName = "Acknowledging unsent output closes with 1008")]
    public async Task A_bad_message_closes_the_connection(string message, WebSocketCloseStatus expected)
    {
        using var socket = await ConnectAsync();

        await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        Assert.That(await CloseStatusAsync(socket), Is.EqualTo(expected));
    }

    [Test]
    public async Task A_binary_message_closes_with_1003()
    {
        using var socket = await ConnectAsync();

        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

        Assert.That(await CloseStatusAsync(socket), Is.EqualTo(WebSocketCloseStatus.InvalidMessageType));
    }

    [Test]
    public async Task A_message_over_the_limit_closes_with_1009()
    {
        using var socket = await ConnectAsync();
        var tooBig = JsonSerializer.SerializeToUtf8Bytes(new { type = "input", data = new string('a', new Sockt.AspNetCore.SocktTerminalOptions().MaxMessageBytes) });

        await socket.SendAsync(tooBig, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        Assert.That(await CloseStatusAsync(socket), Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
    }

    // The bridge closes the page's socket before the emulator has ended that shell, and a nano sandbox has 4 shell
    // slots: right after a few tests' closes all 4 may still be held for a moment, and the bridge answers 502 (its
    // shell could not be opened: 429 too_many_shells). Retried until a slot is free again; any other failure throws.
    private async Task<ClientWebSocket> ConnectAsync() =>
        await Poll.UntilAsync(TryConnectAsync, socket => socket is not null, "a terminal connection (a shell slot free again)")
        ?? throw new InvalidOperationException("unreachable: Poll returns an accepted value");

    private async Task<ClientWebSocket?> TryConnectAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", Server.Origin.GetLeftPart(UriPartial.Authority));
        try
        {
            await socket.ConnectAsync(new UriBuilder(new Uri(Server.Origin, "/terminal?user=demo")) { Scheme = "ws" }.Uri, CancellationToken.None);
            return socket;
        }
        catch (WebSocketException) when (socket.HttpStatusCode == HttpStatusCode.BadGateway)
        {
            socket.Dispose();
            return null;
        }
    }

    // Reads (and drops) output until the server's close arrives.
    private static async Task<WebSocketCloseStatus?> CloseStatusAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Deadline.Default);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result.CloseStatus;
            }
        }
    }
}
