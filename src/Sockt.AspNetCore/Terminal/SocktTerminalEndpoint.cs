using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sockt.AspNetCore.Terminal;

/// <summary>
/// One mapped terminal endpoint: checks the request (WebSocket upgrade, origin, the app's authorization), opens the
/// sandbox's shell, and only then accepts the browser's WebSocket and hands both to a <see cref="TerminalBridge"/>.
/// </summary>
internal sealed class SocktTerminalEndpoint(SocktTerminalOptions options, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await TerminalErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, "websocket_required", "this endpoint only accepts WebSocket requests").ConfigureAwait(false);
            return;
        }

        if (!OriginPolicy.IsAllowed(context.Request, options.AllowedOrigins))
        {
            TerminalLog.OriginRefused(logger, context.Request.Headers.Origin.ToString());
            await TerminalErrorResponse.WriteAsync(context, StatusCodes.Status403Forbidden, "origin_not_allowed", "web pages of this origin may not open the terminal").ConfigureAwait(false);
            return;
        }

        var sandbox = await options.ResolveSandbox(context, aborted).ConfigureAwait(false);
        if (sandbox is null)
        {
            TerminalLog.Denied(logger);
            await TerminalErrorResponse.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden", "this request may not open a terminal").ConfigureAwait(false);
            return;
        }

        ShellSession shell;
        try
        {
            shell = await sandbox.ConnectShellAsync(options.ShellOptions ?? BridgeShellOptions(), aborted).ConfigureAwait(false);
        }
        catch (SocktException exception)
        {
            // The SDK's messages carry no credential; the browser still gets a generic text only.
            TerminalLog.ShellUnavailable(logger, sandbox.Id, exception);
            await TerminalErrorResponse.WriteAsync(context, StatusCodes.Status502BadGateway, "shell_unavailable", "the sandbox's shell could not be opened").ConfigureAwait(false);
            return;
        }

        await using (shell.ConfigureAwait(false))
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            TerminalLog.Opened(logger, sandbox.Id);
            var bridge = new TerminalBridge(socket, shell, options, logger);
            await bridge.RunAsync(aborted).ConfigureAwait(false);
            TerminalLog.Closed(logger, sandbox.Id);
        }
    }

    // A new instance per connection: ShellSessionOptions is mutable. Only the queue differs from the SDK's defaults.
    private static ShellSessionOptions BridgeShellOptions() =>
        new() { ReceiveBufferCapacity = SocktTerminalOptions.DefaultShellReceiveBufferCapacity };
}
