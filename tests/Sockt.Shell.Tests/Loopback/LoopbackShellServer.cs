using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sockt.Shell.Tests.Loopback;

/// <summary>
/// A real Kestrel WebSocket server on 127.0.0.1 whose side of each connection the test drives step by step,
/// for the protocol edge cases a well-behaved emulator never produces (raw messages, abrupt drops, refused upgrades).
/// </summary>
internal sealed class LoopbackShellServer : IAsyncDisposable
{
    internal const string SandboxId = "sb_loopback";
    internal const string Token = "sbx_loopbacksecret0123456789";

    private readonly WebApplication _app;
    private readonly Channel<ServerShellConnection> _accepted = Channel.CreateUnbounded<ServerShellConnection>();
    private readonly ConcurrentBag<ServerShellConnection> _all = new();

    private LoopbackShellServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>When set, upgrade requests are answered with this HTTP status instead of being accepted.</summary>
    internal int? RejectUpgradeWith { get; set; }

    /// <summary>The Authorization header of every upgrade request, in order.</summary>
    internal ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    internal Uri BaseWebSocketUrl { get; private set; } = null!;

    internal Uri ShellUrl => new(BaseWebSocketUrl, $"/v1/sandboxes/{SandboxId}/shell");

    internal static async Task<LoopbackShellServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackShellServer(app);
        app.UseWebSockets();
        app.Map("/v1/sandboxes/{id}/shell", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseWebSocketUrl = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Waits for the next accepted WebSocket connection.</summary>
    internal async Task<ServerShellConnection> AcceptAsync() =>
        await _accepted.Reader.ReadAsync().AsTask().WaitAsync(Deadline.Default);

    /// <summary>A connected session, opened as <c>Sandbox.ConnectShellAsync</c> opens one (see <see cref="CreateSession"/>).</summary>
    internal Task<ShellSession> ConnectAsync(
        ShellSessionOptions? options = null,
        Func<string>? status = null,
        Uri? shellUrl = null,
        ILogger? logger = null,
        Action? onResolve = null) =>
        CreateSession(options, status, shellUrl, logger, onResolve).OpenAsync(CancellationToken.None);

    /// <summary>An unconnected session wired to this server through the internal constructor <c>Sandbox.ConnectShellAsync</c> uses.</summary>
    internal ShellSession CreateSession(
        ShellSessionOptions? options = null,
        Func<string>? status = null,
        Uri? shellUrl = null,
        ILogger? logger = null,
        Action? onResolve = null)
    {
        return new ShellSession(
            SandboxId,
            _ =>
            {
                onResolve?.Invoke();
                return Task.FromResult(shellUrl ?? ShellUrl);
            },
            Token,
            _ => Task.FromResult(status?.Invoke() ?? SandboxState.Running.ToString()),
            options,
            logger);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _all)
        {
            connection.Release();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
        if (RejectUpgradeWith is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("refused by the loopback server");
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new ServerShellConnection(socket, context);
        _all.Add(connection);
        await _accepted.Writer.WriteAsync(connection);
        // The test drives the connection; the request lives until the test releases or aborts it.
        await connection.Released;
    }
}
