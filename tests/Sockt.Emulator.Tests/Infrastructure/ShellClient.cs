using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>
/// A raw WebSocket client for the shell protocol (spec/shell-protocol.md), and for the dashboard terminal's browser
/// protocol (docs/web-terminal.md: its <c>output</c> counts as stdout, a <c>notice</c> is recorded as
/// <c>notice:&lt;kind&gt;</c>, an <c>exit</c>'s reason as its data).
/// </summary>
internal sealed class ShellClient : IAsyncDisposable
{
    private readonly ClientWebSocket socket;
    private readonly StringBuilder stdout = new();

    private ShellClient(ClientWebSocket socket) => this.socket = socket;

    public List<(string Type, string Data)> Frames { get; } = [];

    public WebSocketCloseStatus? CloseStatus { get; private set; }

    public string Stdout => stdout.ToString();

    public static Task<ShellClient> ConnectAsync(Uri url, string? bearer) =>
        ConnectWithHeadersAsync(url, bearer is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearer });

    /// <summary>Dials with these request headers (a browser's Cookie and Origin, for example).</summary>
    public static async Task<ShellClient> ConnectWithHeadersAsync(Uri url, IDictionary<string, string> headers)
    {
        var socket = new ClientWebSocket();
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.ConnectAsync(url, timeout.Token);
        return new ShellClient(socket);
    }

    /// <summary>The HTTP status a refused dial answered.</summary>
    public static Task<HttpStatusCode> RefusedStatusAsync(Uri url, string? bearer) =>
        RefusedStatusWithHeadersAsync(url, bearer is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearer });

    /// <summary>The HTTP status a refused dial with these request headers answered.</summary>
    public static async Task<HttpStatusCode> RefusedStatusWithHeadersAsync(Uri url, IDictionary<string, string> headers)
    {
        using var socket = new ClientWebSocket();
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        socket.Options.CollectHttpResponseDetails = true;
        try
        {
            await socket.ConnectAsync(url, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        throw new AssertionException("the dial was accepted");
    }

    public Task SendAsync(object frame) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(frame)), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task InputAsync(string data) => SendAsync(new { type = "input", data });

    /// <summary>Sends bytes as one message, as they are (invalid UTF-8 in a text message included).</summary>
    public Task SendRawAsync(byte[] message, WebSocketMessageType type) =>
        socket.SendAsync(message, type, true, CancellationToken.None);

    /// <summary>Drops the connection without a close handshake (a TCP reset), as a crashed client would.</summary>
    public void Abort() => socket.Abort();

    /// <summary>Reads frames until <paramref name="done"/> holds for the shell client, or the socket closes.</summary>
    public async Task ReadUntilAsync(Func<ShellClient, bool> done, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!done(this))
            {
                if (CloseStatus is not null)
                {
                    throw new AssertionException($"socket closed while waiting for {what}; output so far: {Stdout}");
                }

                var result = await socket.ReceiveAsync(buffer, deadline.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    CloseStatus = result.CloseStatus;
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    continue;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var frame = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                var type = frame["type"]!.GetValue<string>();
                if (frame["kind"] is { } kind)
                {
                    type += ":" + kind.GetValue<string>();
                }

                var data = (frame["data"] ?? frame["reason"])!.GetValue<string>();
                Frames.Add((type, data));
                if (type is "stdout" or "output")
                {
                    stdout.Append(data);
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"timed out waiting for {what}; output so far: {Stdout}; frames: {string.Join(", ", Frames.Where(f => f.Type != "stdout"))}");
        }
    }

    public Task WaitForCloseAsync() => ReadUntilAsync(c => c.CloseStatus is not null, "the server to close");

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }

        socket.Dispose();
    }
}
