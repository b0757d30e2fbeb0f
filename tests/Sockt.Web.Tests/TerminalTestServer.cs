using Microsoft.AspNetCore.Builder;
using Sockt.Emulator;
using Sockt.Models;

namespace Sockt.Web.Tests;

/// <summary>
/// Everything a terminal test talks to: the embedded emulator, a client of it, a running sandbox per user and the
/// <see cref="TerminalTestApp"/> serving the page and the terminal endpoint on loopback. Disposing it terminates the
/// sandboxes and stops the app and the emulator.
/// </summary>
internal sealed class TerminalTestServer : IAsyncDisposable
{
    private readonly List<Sandbox> _sandboxes = [];
    private WebApplication? _app;

    private TerminalTestServer(SocktEmulator emulator)
    {
        Emulator = emulator;
        Client = new ComputeClient(new ComputeClientOptions
        {
            BaseUrl = emulator.BaseUrl,
            ApiKey = emulator.ApiKey,
            WaitPollInterval = TimeSpan.FromMilliseconds(100),
        });
    }

    public SocktEmulator Emulator { get; }

    public ComputeClient Client { get; }

    /// <summary>The app's own origin (http://127.0.0.1:port).</summary>
    public Uri Origin { get; private set; } = null!;

    /// <summary>The same app on 127.0.0.2, which a browser treats as another site.</summary>
    public Uri ForeignOrigin { get; private set; } = null!;

    /// <summary>Starts the emulator, one nano sandbox for the user <c>demo</c> and the app.</summary>
    public static Task<TerminalTestServer> StartAsync() =>
        StartAsync(new Dictionary<string, Func<TerminalTestServer, Task<Sandbox>>> { ["demo"] = server => server.StartNanoSandboxAsync() });

    /// <summary>Starts the emulator, a sandbox per user (made by the given functions) and the app.</summary>
    public static async Task<TerminalTestServer> StartAsync(IReadOnlyDictionary<string, Func<TerminalTestServer, Task<Sandbox>>> sandboxesByUser)
    {
        var server = new TerminalTestServer(await SocktEmulator.StartAsync());
        try
        {
            var sandboxes = new Dictionary<string, Sandbox>();
            foreach (var (user, start) in sandboxesByUser)
            {
                var sandbox = await start(server);
                server._sandboxes.Add(sandbox);
                sandboxes[user] = sandbox;
            }

            server._app = TerminalTestApp.Create(sandboxes);
            await server._app.StartAsync();
            server.Origin = new Uri(server._app.Urls.Single(url => url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
            server.ForeignOrigin = new Uri(server._app.Urls.Single(url => url.StartsWith("http://127.0.0.2:", StringComparison.Ordinal)));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A running nano sandbox paid with credits.</summary>
    public async Task<Sandbox> StartNanoSandboxAsync()
    {
        var sandbox = await Client.CreateSandboxAsync(tier: "nano");
        await sandbox.WaitUntilRunningAsync(timeout: TimeSpan.FromSeconds(60));
        return sandbox;
    }

    /// <summary>A running nano sandbox paid over Lightning (so that it has an <c>sbx_</c> token), its invoice paid.</summary>
    public async Task<Sandbox> StartLightningSandboxAsync(int prepaidSats)
    {
        var sandbox = await Client.CreateSandboxAsync(tier: "nano", billingMethod: BillingMethod.Lightning, prepaidSats: prepaidSats);
        await Emulator.PayInvoiceAsync(sandbox.PendingInvoice!.PaymentHash!);
        await sandbox.WaitUntilRunningAsync(timeout: TimeSpan.FromSeconds(60));
        return sandbox;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        foreach (var sandbox in _sandboxes)
        {
            await sandbox.TerminateAsync();
        }

        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
