using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Sockt.Shell.Tests.Loopback;

/// <summary>The server's side of one shell WebSocket, driven by a test.</summary>
internal sealed class ServerShellConnection
{
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();

    internal ServerShellConnection(WebSocket socket, HttpContext context)
    {
        _socket = socket;
        _context = context;
        _ = PumpAsync();
    }

    internal Task Released => _released.Task;

    internal Task SendFrameAsync(string type, string data) =>
        SendTextAsync(JsonSerializer.Serialize(new { type, data }));

    internal Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    internal Task SendBinaryAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Receives one whole client message as text; null when the client closed.</summary>
    internal async Task<string?> ReceiveTextAsync()
    {
        var reader = _received.Reader;
        return await reader.WaitToReadAsync().AsTask().WaitAsync(Deadline.Default) && reader.TryRead(out var text) ? text : null;
    }

    /// <summary>
    /// Reads client messages all the time, as a real server does, so that a client's closing handshake is answered
    /// even when the test is not waiting for a message.
    /// </summary>
    private async Task PumpAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    await _received.Writer.WriteAsync(Encoding.UTF8.GetString(message.ToArray()));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // aborted by the test or by the client
        }
        finally
        {
            _received.Writer.TryComplete();
            Release();
        }
    }

    /// <summary>Receives one client frame as JSON.</summary>
    internal async Task<JsonElement> ReceiveJsonAsync()
    {
        var text = await ReceiveTextAsync() ?? throw new InvalidOperationException("The client closed the connection.");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Closes with a closing handshake, then ends the request.</summary>
    internal async Task CloseAsync(WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string description = "shell exited")
    {
        await _socket.CloseOutputAsync(status, description, CancellationToken.None);
        Release();
    }

    /// <summary>Drops the TCP connection without a closing handshake.</summary>
    internal void Abort()
    {
        _context.Abort();
        Release();
    }

    internal void Release() => _released.TrySetResult();
}
