using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace Sockt.AspNetCore.Terminal;

/// <summary>
/// Joins one browser WebSocket and one shell session: browser messages become keystrokes and resizes, shell frames
/// become output and notices. Each direction awaits every send before reading more, so neither side can make the
/// other buffer without limit (towards the browser, <see cref="OutputWindow"/> adds the page's acknowledgements).
/// Only the shell-to-browser pump and, after it has stopped, <see cref="RunAsync"/> send on the socket (a WebSocket
/// allows one send at a time).
/// </summary>
internal sealed class TerminalBridge(WebSocket socket, ShellSession shell, SocktTerminalOptions options, ILogger logger)
{
    // How long the browser has to answer our closing handshake once the shell has ended.
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly OutputWindow _window = new(options.MaxUnacknowledgedOutput);

    public async Task RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var fromBrowser = PumpFromBrowserAsync(stop.Token);
        var toBrowser = PumpToBrowserAsync(stop.Token);
        var first = await Task.WhenAny(fromBrowser, toBrowser).ConfigureAwait(false);
        if (first == toBrowser)
        {
            // The shell ended and the browser has been told: close, and give the page a moment to answer.
            await CloseQuietlyAsync(WebSocketCloseStatus.NormalClosure, "shell ended").ConfigureAwait(false);
            stop.CancelAfter(CloseTimeout);
        }
        else
        {
            // The browser left (tab closed) or broke the protocol: stop reading the shell; disposing it ends the shell.
            await stop.CancelAsync().ConfigureAwait(false);
        }

        var refusal = await Quietly(fromBrowser).ConfigureAwait(false);
        await Quietly(toBrowser).ConfigureAwait(false);
        if (first == fromBrowser)
        {
            await CloseQuietlyAsync(refusal?.Status ?? WebSocketCloseStatus.NormalClosure, refusal?.Description ?? "closed").ConfigureAwait(false);
        }
    }

    // Returns null when the browser closed the connection, or the close status for a message it should not have sent.
    private async Task<BrowserRefusal?> PumpFromBrowserAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[options.MaxMessageBytes];
        while (true)
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    return Refuse(WebSocketCloseStatus.MessageTooBig, "message too big");
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                if (result.MessageType != WebSocketMessageType.Text)
                {
                    return Refuse(WebSocketCloseStatus.InvalidMessageType, "text messages only");
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    break;
                }
            }

            if (!BrowserMessage.TryParse(buffer.AsSpan(0, length), out var message, out var problem))
            {
                return Refuse(WebSocketCloseStatus.PolicyViolation, problem);
            }

            if (!await ForwardAsync(message, cancellationToken).ConfigureAwait(false))
            {
                return Refuse(WebSocketCloseStatus.PolicyViolation, "acknowledged more output than was sent");
            }
        }
    }

    private async Task<bool> ForwardAsync(BrowserMessage message, CancellationToken cancellationToken)
    {
        try
        {
            switch (message.Kind)
            {
                case BrowserMessageKind.Input:
                    await shell.SendAsync(message.Data, cancellationToken).ConfigureAwait(false);
                    return true;
                case BrowserMessageKind.Resize:
                    await shell.ResizeAsync(message.Columns, message.Rows, cancellationToken).ConfigureAwait(false);
                    return true;
                default:
                    return _window.Acknowledge(message.Acknowledged);
            }
        }
        catch (ShellClosedException)
        {
            // The shell has just ended: the other pump tells the browser and closes; keystrokes meanwhile go nowhere.
            return true;
        }
    }

    private async Task PumpToBrowserAsync(CancellationToken cancellationToken)
    {
        string reason;
        try
        {
            await foreach (var frame in shell.ReadFramesAsync(cancellationToken).ConfigureAwait(false))
            {
                await _window.WaitForRoomAsync(cancellationToken).ConfigureAwait(false);
                await socket.SendAsync(BrowserFrameWriter.ForFrame(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                if (frame.IsOutput)
                {
                    _window.Sent(frame.Data.Length);
                }
            }

            reason = "exited";
        }
        catch (ShellClosedException)
        {
            reason = "disconnected";
        }

        TerminalLog.ShellEnded(logger, shell.SandboxId, reason);
        await socket.SendAsync(BrowserFrameWriter.ForExit(reason), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    private BrowserRefusal Refuse(WebSocketCloseStatus status, string problem)
    {
        TerminalLog.InvalidMessage(logger, shell.SandboxId, problem);
        return new BrowserRefusal(status, problem);
    }

    private async Task CloseQuietlyAsync(WebSocketCloseStatus status, string description)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            await socket.CloseOutputAsync(status, description, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The browser is gone already; there is nobody left to tell.
        }
    }

    // A pump ends with an exception when the browser vanished mid-message or the bridge was stopped: both are a normal end.
    private static async Task<T?> Quietly<T>(Task<T?> pump)
        where T : class
    {
        try
        {
            return await pump.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task Quietly(Task pump)
    {
        try
        {
            await pump.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // See Quietly<T>.
        }
    }
}
