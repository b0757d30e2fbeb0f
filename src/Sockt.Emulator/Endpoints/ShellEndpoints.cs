using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Sockt.Emulator.Http;
using Sockt.Emulator.Pty;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints;

/// <summary>The interactive shell: <c>shell-url</c> and the WebSocket that bridges frames to a PTY (spec/shell-protocol.md).</summary>
internal static class ShellEndpoints
{
    private const int MaxClientMessageBytes = 1024 * 1024;
    private const int OutgoingFrameCapacity = 64;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/sandboxes/{sandbox_id}/shell-url", GetUrlAsync);
        app.MapGet("/v1/sandboxes/{sandbox_id}/shell", ConnectAsync);
    }

    private static Task GetUrlAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var (_, sandbox) = context.OwnedSandbox();
        sandboxes.RequireDataPlane(sandbox);
        // Built from the emulator's own address, never from the request's Host: a rebinding page must not steer it.
        var served = context.Options().PublicUrl ?? new Uri($"http://127.0.0.1:{context.Connection.LocalPort}");
        var scheme = served.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["url"] = $"{scheme}://{served.Authority}{served.AbsolutePath.TrimEnd('/')}/v1/sandboxes/{sandbox.Id}/shell",
        });
    }

    private static async Task ConnectAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var (_, sandbox) = context.OwnedSandbox();
        try
        {
            sandboxes.RequireDataPlane(sandbox);
        }
        catch (ApiException e)
        {
            // spec/shell-protocol.md: a dial to a sandbox that is not running is refused with 409.
            throw new ApiException(StatusCodes.Status409Conflict, e.Code, e.Message, e.Hint);
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.InvalidParams("this endpoint needs a WebSocket upgrade", "Dial the url from GET /v1/sandboxes/{id}/shell-url with a WebSocket client");
        }

        var slot = SandboxShell.OpenSlot(sandbox);
        try
        {
            // Subscribed before the socket is accepted: a notice raised the moment the client's dial returns waits in the
            // channel until the pump starts, instead of falling into the gap while the terminal starts.
            using var frames = new OutgoingFrames(sandbox);
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            if (context.RequestServices.GetRequiredService<SocktEmulatorOptions>().ShellAcceptedHook is { } accepted)
            {
                await accepted();
            }

            await using var shell = await SandboxShell.StartAsync(context.RequestServices, sandbox, slot);
            await new ShellBridge(socket, shell.Pty, sandbox, frames.Channel).RunAsync(context.RequestAborted);
        }
        finally
        {
            // Freed by the shell once it started; disposing twice is harmless.
            slot.Dispose();
        }
    }

    private static string Frame(string type, string data) =>
        new JsonObject { ["type"] = type, ["data"] = data }.ToJsonString();

    /// <summary>The frames one session sends; billing notices join them from construction until disposal.</summary>
    private sealed class OutgoingFrames : IDisposable
    {
        private readonly Sandbox sandbox;

        public OutgoingFrames(Sandbox sandbox)
        {
            this.sandbox = sandbox;
            sandbox.BillingNotice += OnNotice;
        }

        public Channel<string> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<string>(new BoundedChannelOptions(OutgoingFrameCapacity) { SingleReader = true });

        public void Dispose() => sandbox.BillingNotice -= OnNotice;

        private void OnNotice(BillingNotice notice) => Channel.Writer.TryWrite(Frame(notice.FrameType, notice.Message));
    }

    /// <summary>Pumps one WebSocket session: PTY output and queued frames out, input and resize frames in.</summary>
    private sealed class ShellBridge(WebSocket socket, PtyProcess pty, Sandbox sandbox, Channel<string> outgoing)
    {
        /// <summary>How the socket closes: normally, or 1009 after an oversize message.</summary>
        private WebSocketCloseStatus closeStatus = WebSocketCloseStatus.NormalClosure;

        public async Task RunAsync(CancellationToken aborted)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            // Runs synchronously inside Cancel(), before the sandbox freezes: a frozen shell could not be reaped.
            using var lifetime = sandbox.SessionLifetime.Token.Register(() =>
            {
                outgoing.Writer.TryWrite(Frame("error", "the sandbox is " + sandbox.Status + "; the shell session ends"));
                outgoing.Writer.TryComplete();
                pty.Kill();
            });
            var output = PumpOutputAsync(stop.Token);
            var input = ReceiveInputAsync(stop.Token);
            try
            {
                // This loop is the only sender; when the output ends (shell exited, sandbox paused) the socket closes.
                await foreach (var frame in outgoing.Reader.ReadAllAsync(stop.Token))
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, stop.Token);
                }

                await CloseAsync();
                // Give the client a moment to answer the close handshake before the receive loop is cancelled.
                await Task.WhenAny(input, Task.Delay(TimeSpan.FromSeconds(2), aborted));
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The client went away.
            }
            finally
            {
                await stop.CancelAsync();
                pty.Kill();
                await Task.WhenAll(Quietly(output), Quietly(input));
            }
        }

        private async Task PumpOutputAsync(CancellationToken stop)
        {
            var decoder = Encoding.UTF8.GetDecoder();
            var bytes = new byte[16 * 1024];
            var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
            try
            {
                int read;
                while ((read = await pty.Output.ReadAsync(bytes, stop)) > 0)
                {
                    // A multi-byte character split across reads stays in the decoder until its last byte arrives.
                    var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                    if (count > 0)
                    {
                        // Awaiting the bounded channel is the backpressure: a slow client slows the PTY down.
                        await outgoing.Writer.WriteAsync(Frame("stdout", new string(chars, 0, count)), stop);
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

            outgoing.Writer.TryComplete();
        }

        /// <summary>Reads client frames until the client closes or goes away; however that happens, the shell ends with it.</summary>
        private async Task ReceiveInputAsync(CancellationToken stop)
        {
            try
            {
                await ReceiveFramesAsync(stop);
            }
            finally
            {
                // A close, an oversize or invalid message (1009, 1007), a reset or an abort: the client is gone, so
                // its shell and every process in it end, and the socket closes once the queued frames are out.
                pty.Kill();
                outgoing.Writer.TryComplete();
            }
        }

        private async Task ReceiveFramesAsync(CancellationToken stop)
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

                if (message.Length + result.Count > MaxClientMessageBytes)
                {
                    // Nothing of an oversize message reaches the shell: it is dropped whole, and the session ends
                    // (the rest of it would otherwise arrive as a message of its own and be typed in).
                    closeStatus = WebSocketCloseStatus.MessageTooBig;
                    outgoing.Writer.TryWrite(Frame("error", "message too large (limit 1 MiB); nothing of it was delivered and the session ends"));
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var payload = message.ToArray();
                message.SetLength(0);
                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    await pty.WriteAsync(payload, stop);
                    continue;
                }

                await HandleTextFrameAsync(payload, stop);
            }
        }

        private async Task HandleTextFrameAsync(byte[] payload, CancellationToken stop)
        {
            JsonObject? frame;
            try
            {
                frame = JsonNode.Parse(payload) as JsonObject;
            }
            catch (JsonException)
            {
                frame = null;
            }

            try
            {
                await DispatchAsync(frame, stop);
            }
            catch (InvalidOperationException)
            {
                // JSON that escapes a lone surrogate (\ud800) is valid JSON but no text; the session goes on.
                outgoing.Writer.TryWrite(Frame("error", "malformed frame: a string holds a lone UTF-16 surrogate"));
            }
        }

        private async Task DispatchAsync(JsonObject? frame, CancellationToken stop)
        {
            if (frame is null)
            {
                outgoing.Writer.TryWrite(Frame("error", "malformed frame: expected a JSON object such as {\"type\":\"input\",\"data\":\"ls\\n\"}"));
                return;
            }

            switch (TryGetString(frame, "type"))
            {
                case "input":
                    if (TryGetString(frame, "data") is { } data)
                    {
                        await pty.WriteAsync(Encoding.UTF8.GetBytes(data), stop);
                    }
                    else
                    {
                        outgoing.Writer.TryWrite(Frame("error", "input frame needs a string 'data'"));
                    }

                    break;
                case "resize":
                    if (TryGetInt(frame, "cols") is { } cols and >= 1 and <= 65535 && TryGetInt(frame, "rows") is { } rows and >= 1 and <= 65535)
                    {
                        pty.Resize(cols, rows);
                    }
                    else
                    {
                        outgoing.Writer.TryWrite(Frame("error", "resize frame needs integer 'cols' and 'rows' between 1 and 65535"));
                    }

                    break;
                case var type:
                    outgoing.Writer.TryWrite(Frame("error", type is null
                        ? "malformed frame: 'type' must be a string (input or resize)"
                        : $"unknown frame type '{Truncate(type)}' (expected input or resize)"));
                    break;
            }
        }

        private async Task CloseAsync()
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await socket.CloseOutputAsync(closeStatus, closeStatus == WebSocketCloseStatus.MessageTooBig ? "message too large" : "shell ended", timeout.Token);
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

        private static string Truncate(string text) => text.Length <= 64 ? text : text[..64] + "...";

        private static string? TryGetString(JsonObject frame, string name) =>
            frame[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

        private static int? TryGetInt(JsonObject frame, string name) =>
            frame[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;    }
}
