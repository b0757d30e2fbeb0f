using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Sockt.Web.Tests;

/// <summary>
/// The terminal's browser side, played from code: like a browser's WebSocket it reads every message the server sends
/// as soon as it arrives (a browser cannot push back on the network), but it acknowledges output only when told to,
/// as a page whose terminal has fallen behind would. It counts the output it was sent and keeps its text.
/// </summary>
internal sealed class UnhurriedBrowser : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Task _receiving;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly StringBuilder _recentOutput = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _received;
    private long _acknowledged;
    private int _largestFrame;

    private UnhurriedBrowser(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = ReceiveAsync(_stop.Token);
    }

    /// <summary>Characters of <c>output</c> data received so far.</summary>
    public long OutputReceived => Interlocked.Read(ref _received);

    /// <summary>The largest <c>output</c> message, in characters.</summary>
    public int LargestFrame => Volatile.Read(ref _largestFrame);

    /// <summary>Whether the server has ended the connection (or it broke).</summary>
    public bool Ended => _receiving.IsCompleted;

    public static async Task<UnhurriedBrowser> ConnectAsync(Uri origin, string pathAndQuery, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", origin.GetLeftPart(UriPartial.Authority));
        await socket.ConnectAsync(new UriBuilder(new Uri(origin, pathAndQuery)) { Scheme = "ws" }.Uri, cancellationToken);
        return new UnhurriedBrowser(socket);
    }

    /// <summary>Whether the output received so far contains <paramref name="text"/> (only the last 64 Ki characters are kept).</summary>
    public bool OutputContains(string text)
    {
        lock (_gate)
        {
            return _recentOutput.ToString().Contains(text, StringComparison.Ordinal);
        }
    }

    /// <summary>The last <paramref name="characters"/> characters of output received, for failure messages.</summary>
    public string RecentOutput(int characters)
    {
        lock (_gate)
        {
            var length = Math.Min(characters, _recentOutput.Length);
            return _recentOutput.ToString(_recentOutput.Length - length, length);
        }
    }

    public Task SendInputAsync(string data, CancellationToken cancellationToken) =>
        SendAsync(new { type = "input", data }, cancellationToken);

    /// <summary>Acknowledges all output received so far, as sockt-terminal.js does once xterm.js has rendered it.</summary>
    public Task AcknowledgeAllAsync(CancellationToken cancellationToken)
    {
        var received = OutputReceived;
        var chars = received - _acknowledged;
        _acknowledged = received;
        return chars == 0 ? Task.CompletedTask : SendAsync(new { type = "ack", chars }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            // Stopped, or the server was gone already.
        }

        _socket.Abort();
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task SendAsync(object message, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            using (var json = JsonDocument.Parse(message.ToArray()))
            {
                if (json.RootElement.GetProperty("type").GetString() == "output")
                {
                    Received(json.RootElement.GetProperty("data").GetString()!);
                }
            }

            message.SetLength(0);
        }
    }

    private void Received(string output)
    {
        lock (_gate)
        {
            _recentOutput.Append(output);
            if (_recentOutput.Length > 64 * 1024)
            {
                _recentOutput.Remove(0, _recentOutput.Length - (64 * 1024));
            }

            _received += output.Length;
            _largestFrame = Math.Max(_largestFrame, output.Length);
        }
    }
}
