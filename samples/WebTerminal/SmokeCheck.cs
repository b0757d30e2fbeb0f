using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Sockt.Samples.WebTerminal;

/// <summary>
/// What a browser does, done once from code so that the Samples target can check this app without a browser (the
/// browser itself is tested in tests/Sockt.Web.Tests): load the page and its scripts, open the terminal's WebSocket
/// as a page of this origin, type a command, read its output.
/// </summary>
internal static class SmokeCheck
{
    public static async Task RunAsync(Uri address)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = address };
        foreach (var path in new[] { "/", "/sockt/sockt-terminal.js", "/sockt/xterm.js", "/sockt/addon-fit.js", "/sockt/xterm.css" })
        {
            using var response = await http.GetAsync(path, timeout.Token);
            response.EnsureSuccessStatusCode();
        }

        Console.WriteLine("Page and scripts served.");

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", address.GetLeftPart(UriPartial.Authority));
        await socket.ConnectAsync(new Uri(address, "/terminal").ToWebSocketUri(), timeout.Token);
        await SendAsync(socket, """{"type":"resize","cols":100,"rows":30}""", timeout.Token);
        await SendAsync(socket, """{"type":"input","data":"echo $((6*7))\r"}""", timeout.Token);

        // Output arrives in pieces of any size: collect the "output" messages' text until the result is there (the
        // typed line echoes "6*7", never "42").
        var output = new StringBuilder();
        var buffer = new byte[64 * 1024];
        while (!output.ToString().Contains("42\r\n", StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
            if (message.RootElement.GetProperty("type").GetString() == "output")
            {
                output.Append(message.RootElement.GetProperty("data").GetString());
            }
        }

        Console.WriteLine("The terminal answered: 42");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    private static Task SendAsync(ClientWebSocket socket, string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static Uri ToWebSocketUri(this Uri uri) =>
        new UriBuilder(uri) { Scheme = uri.Scheme == "https" ? "wss" : "ws" }.Uri;
}
