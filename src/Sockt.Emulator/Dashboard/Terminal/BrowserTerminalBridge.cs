using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sockt.Emulator.Pty;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Dashboard.Terminal;

/// <summary>
/// The dashboard's terminal: a browser WebSocket on a sandbox's PTY, speaking the browser protocol of
/// docs/web-terminal.md (what Sockt.AspNetCore's bridge speaks, so the same sockt-terminal.js drives both). From the
/// browser: <c>input</c>, <c>resize</c>, <c>ack</c>; to it: <c>output</c>, <c>notice</c>, <c>exit</c>. A message over
/// <see cref="MaxMessageBytes"/> closes with 1009, a binary one with 1003, anything else unexpected with 1008.
/// Backpressure both ways: the next browser message is read only after the PTY took the previous one; PTY output is
/// read only while the browser has acknowledged all but <see cref="MaxUnacknowledgedOutput"/> characters and the
/// bounded queue to the socket has room.
/// </summary>
internal sealed class BrowserTerminalBridge
{
    public const int MaxMessageBytes = 64 * 1024;

    public const int MaxUnacknowledgedOutput = 256 * 1024;

    private const int QueueCapacity = 64;

    private readonly WebSocket socket;
    private readonly PtyProcess pty;
    private readonly Sandbox sandbox;
    private readonly OutputWindow window = new(MaxUnacknowledgedOutput);
    private readonly Channel<string> outgoing = Channel.CreateBounded<string>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NormalClosure;
    private string closeReason = "shell ended";

    public BrowserTerminalBridge(WebSocket socket, PtyProcess pty, Sandbox sandbox)
    {
        this.socket = socket;
        this.pty = pty;
        this.sandbox = sandbox;
    }

    public static string Notice(string kind, string data) => new JsonObject { ["type"] = "notice", ["kind"] = kind, ["data"] = data }.ToJsonString();

    /// <summary>Bridges until the shell ends, the sandbox stops running, or the browser leaves or breaks the protocol.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        sandbox.BillingNotice += OnNotice;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        // Runs inside Cancel(), before the sandbox freezes: a frozen shell could not be reaped.
        using var lifetime = sandbox.SessionLifetime.Token.Register(() =>
        {
            outgoing.Writer.TryWrite(Notice("error", "the sandbox is " + sandbox.Status + "; the shell session ends"));
            outgoing.Writer.TryWrite(Exit("disconnected"));
            outgoing.Writer.TryComplete();
            pty.Kill();
        });
        var output = PumpOutputAsync(stop.Token);
        var input = ReceiveInputAsync(stop.Token);
        try
        {
            // The only sender; when the output ends (shell exited, sandbox paused, bad message) the socket closes.
            await foreach (var message in outgoing.Reader.ReadAllAsync(stop.Token))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, stop.Token);
            }

            await CloseAsync();
            await Task.WhenAny(input, Task.Delay(TimeSpan.FromSeconds(2), aborted));
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser went away.
        }
        finally
        {
            sandbox.BillingNotice -= OnNotice;
            await stop.CancelAsync();
            pty.Kill();
            await Task.WhenAll(Quietly(output), Quietly(input));
        }
    }

    private static string Exit(string reason) => new JsonObject { ["type"] = "exit", ["reason"] = reason }.ToJsonString();

    private void OnNotice(BillingNotice notice) => outgoing.Writer.TryWrite(Notice(notice.FrameType, notice.Message));

    private async Task PumpOutputAsync(CancellationToken stop)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        try
        {
            while (true)
            {
                // Read no more from the PTY while the page is behind: the shell blocks on its terminal instead.
                await window.WaitForRoomAsync(stop);
                var read = await pty.Output.ReadAsync(bytes, stop);
                if (read == 0)
                {
                    break;
                }

                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                if (count > 0)
                {
                    window.Sent(count);
                    await outgoing.Writer.WriteAsync(new JsonObject { ["type"] = "output", ["data"] = new string(chars, 0, count) }.ToJsonString(), stop);
                }
            }
        }
        catch (IOException)
        {
            // The terminal closed.
        }
        catch (ChannelClosedException)
        {
        }

        outgoing.Writer.TryWrite(Exit("exited"));
        outgoing.Writer.TryComplete();
    }

    private async Task ReceiveInputAsync(CancellationToken stop)
    {
        try
        {
            await ReceiveMessagesAsync(stop);
        }
        finally
        {
            // However the browser leaves (close, bad message, reset), its shell ends with it.
            pty.Kill();
            outgoing.Writer.TryComplete();
        }
    }

    private async Task ReceiveMessagesAsync(CancellationToken stop)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open)
        {
            var result = await socket.ReceiveAsync(buffer, stop);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                Refuse(WebSocketCloseStatus.InvalidMessageType, "binary messages are not part of the protocol");
                return;
            }

            if (message.Length + result.Count > MaxMessageBytes)
            {
                // Nothing of an oversize message reaches the shell.
                Refuse(WebSocketCloseStatus.MessageTooBig, "message too large");
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var payload = message.ToArray();
            message.SetLength(0);
            if (!await HandleAsync(payload, stop))
            {
                Refuse(WebSocketCloseStatus.PolicyViolation, "invalid message");
                return;
            }
        }
    }

    /// <summary>Applies one browser message; false when it is not one the protocol allows.</summary>
    private async Task<bool> HandleAsync(byte[] payload, CancellationToken stop)
    {
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(payload) as JsonObject;
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // Not JSON, or not UTF-8.
            return false;
        }

        switch (message is null ? null : Text(message, "type"))
        {
            case "input" when Text(message!, "data") is { } data:
                await pty.WriteAsync(Encoding.UTF8.GetBytes(data), stop);
                return true;
            case "resize" when Number(message!, "cols") is { } cols and >= 1 and <= 65535 && Number(message!, "rows") is { } rows and >= 1 and <= 65535:
                pty.Resize((int)cols, (int)rows);
                return true;
            case "ack" when Number(message!, "chars") is { } acknowledged and >= 0:
                return window.Acknowledge(acknowledged);
            default:
                return false;
        }
    }

    private void Refuse(WebSocketCloseStatus status, string reason)
    {
        closeStatus = status;
        closeReason = reason;
    }

    private async Task CloseAsync()
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await socket.CloseOutputAsync(closeStatus, closeReason, timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
            }
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
        }
    }

    private static string? Text(JsonObject message, string name) =>
        message[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long? Number(JsonObject message, string name) =>
        message[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;
}
