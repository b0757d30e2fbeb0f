using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Sockt.Benchmarks.Raw;

/// <summary>
/// The floor for the shell: a bare ClientWebSocket with the Bearer header, frames read on the caller's own await (no
/// queue, no background loop) and parsed with Utf8JsonReader.
/// </summary>
public sealed class RawShellClient : IAsyncDisposable
{
    private readonly ClientWebSocket socket = new();
    private byte[] buffer = new byte[64 * 1024];

    public static async Task<RawShellClient> ConnectAsync(Uri url, string bearer, CancellationToken cancellationToken = default)
    {
        var client = new RawShellClient();
        client.socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        await client.socket.ConnectAsync(url, cancellationToken);
        await client.SendRawAsync("{\"type\":\"resize\",\"cols\":120,\"rows\":40}", cancellationToken);
        return client;
    }

    public Task SendInputAsync(string text, CancellationToken cancellationToken = default) =>
        SendRawAsync("{\"type\":\"input\",\"data\":" + JsonSerializer.Serialize(text) + "}", cancellationToken);

    /// <summary>The data of the next frame, or null when the server closed the socket.</summary>
    public async Task<string?> ReceiveDataAsync(CancellationToken cancellationToken = default)
    {
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return DataOf(buffer.AsSpan(0, length));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The server went first; nothing to close.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private static string DataOf(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                return reader.GetString() ?? string.Empty;
            }
        }

        // Not a JSON frame: the protocol says to show it raw.
        return Encoding.UTF8.GetString(message);
    }

    private Task SendRawAsync(string json, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
