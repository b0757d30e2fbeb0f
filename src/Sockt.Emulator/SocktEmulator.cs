using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sockt.Emulator.Dashboard;
using Sockt.Emulator.Endpoints;
using Sockt.Emulator.Executions;
using Sockt.Emulator.Http;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator;

/// <summary>
/// A local, Sockt-compatible server with real sandboxes, listening on 127.0.0.1. Start it with
/// <see cref="StartAsync"/>; disposing it stops every sandbox and kills every process it started.
/// </summary>
/// <example>
/// <code>
/// await using var emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.Zero });
/// // point a client at emulator.BaseUrl with emulator.ApiKey
/// </code>
/// </example>
public sealed class SocktEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SandboxManager sandboxes;
    private readonly ExecutionManager executions;
    private readonly FaultInjector faults;
    private readonly SpawnerThread spawner;
    private readonly SandboxHomes homes;
    private int disposed;

    private SocktEmulator(
        WebApplication app,
        SandboxManager sandboxes,
        ExecutionManager executions,
        FaultInjector faults,
        SpawnerThread spawner,
        SandboxHomes homes,
        Uri baseUrl,
        IReadOnlyList<string> apiKeys,
        string adminKey,
        IsolationMode isolation)
    {
        this.app = app;
        this.sandboxes = sandboxes;
        this.executions = executions;
        this.faults = faults;
        this.spawner = spawner;
        this.homes = homes;
        BaseUrl = baseUrl;
        ApiKeys = apiKeys;
        AdminKey = adminKey;
        Isolation = isolation;
    }

    /// <summary>Where the emulator listens, for example <c>http://127.0.0.1:7450</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The primary API key: the first configured one, or the generated <c>sockt_live_...</c> key. A local dev secret.</summary>
    public string ApiKey => ApiKeys[0];

    /// <summary>Every accepted API key.</summary>
    public IReadOnlyList<string> ApiKeys { get; }

    /// <summary>
    /// The admin key: the only credential the admin API (<c>/_emulator/*</c>) accepts, as <c>Authorization: Bearer</c>.
    /// <see cref="SocktEmulatorOptions.AdminKey"/>, or a generated <c>sockt_admin_...</c> key. A local secret: keep it
    /// away from sandboxes and from code that should only hold an API key.
    /// </summary>
    public string AdminKey { get; }

    /// <summary>The isolation in effect: <see cref="IsolationMode.Bwrap"/>, or <see cref="IsolationMode.None"/> when that was asked for.</summary>
    public IsolationMode Isolation { get; }

    /// <summary>Where this run keeps sandbox homes (<c>sandboxes/&lt;id&gt;/home</c>): a run directory inside <see cref="SocktEmulatorOptions.DataDirectory"/>, removed on dispose.</summary>
    public string DataDirectory => sandboxes.DataRoot;

    /// <summary>Starts an emulator.</summary>
    /// <param name="options">Settings; null uses the defaults (free port, temporary data directory, generated key).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="InvalidOperationException">Sandboxes cannot be isolated here and <see cref="IsolationMode.None"/> was not chosen.</exception>
    /// <exception cref="PlatformNotSupportedException">Not on Linux: sandboxes are Linux processes (namespaces, a Linux PTY).</exception>
    public static async Task<SocktEmulator> StartAsync(SocktEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        // The package installs anywhere net10.0 does; say why it cannot run before anything half-starts.
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                "Sockt.Emulator runs only on Linux: its sandboxes are Linux processes (bubblewrap namespaces, a Linux PTY). " +
                "On Windows run your tests under WSL 2; on macOS, in a Linux container or VM. The Sockt SDK itself works everywhere.");
        }

        options ??= new SocktEmulatorOptions();
        Validate(options);
        var apiKeys = options.ApiKeys.Count > 0
            ? options.ApiKeys.Distinct(StringComparer.Ordinal).ToList()
            : ["sockt_live_" + Guid.NewGuid().ToString("D")];
        var adminKey = options.AdminKey ?? "sockt_admin_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var tiers = (IReadOnlyList<EmulatorTier>?)options.Tiers?.ToList() ?? EmulatorTier.Defaults;
        var isolation = await SandboxLauncher.ResolveAsync(options.Isolation, options.Network, options.BubblewrapPath, cancellationToken);

        var dataRoot = options.DataDirectory is null ? DefaultDataRoot() : Path.GetFullPath(options.DataDirectory);
        var loggerFactory = LoggerFactory.Create(logging => options.ConfigureLogging?.Invoke(logging));
        var launcher = new SandboxLauncher(isolation, options.Network, dataRoot, options.BubblewrapPath);
        var homes = new SandboxHomes(dataRoot, launcher.SeparatesUsers, loggerFactory.CreateLogger<SandboxHomes>());
        // Only with the host network does a sandbox share the emulator's loopback; only as root has it a uid of its own.
        var peerGuard = isolation != IsolationMode.None && options.Network == SandboxNetwork.Host && launcher.SeparatesUsers
            ? new SandboxPeerGuard(loggerFactory.CreateLogger<SandboxPeerGuard>())
            : null;
        if (isolation != IsolationMode.None && options.Network == SandboxNetwork.Host)
        {
            loggerFactory.CreateLogger<SocktEmulator>().LogWarning(peerGuard is null
                ? "Sandboxes share the host's network: they can reach this emulator's port and every service on the host's loopback"
                : "Sandboxes share the host's network: they reach every service on the host's loopback; their connections to this emulator's port are dropped");
        }

        var rootGroup = CreateRootGroup(options.ProcessControl);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Loopback only: the emulator runs arbitrary commands for whoever can reach it.
            kestrel.Listen(IPAddress.Loopback, options.Port, listen =>
            {
                peerGuard?.Use(listen);
                ServerErrorEnvelopes.Use(listen);
            });
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var spawner = new SpawnerThread();
        var cgroupLimits = CgroupLimits.TryCreate(RunGroupName());
        if (cgroupLimits is null)
        {
            loggerFactory.CreateLogger<SocktEmulator>().LogWarning("The cgroup v1 pids and memory controllers are not writable (run as root): sandboxes have no process or memory limit");
        }

        var sandboxManager = new SandboxManager(options, apiKeys, tiers, homes, rootGroup, cgroupLimits, loggerFactory.CreateLogger<SandboxManager>());
        var executionManager = new ExecutionManager(options, sandboxManager, launcher, spawner, loggerFactory.CreateLogger<ExecutionManager>());
        var faultInjector = new FaultInjector();
        foreach (var fault in options.Faults)
        {
            faultInjector.Add(fault);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sandboxManager);
        builder.Services.AddSingleton(executionManager);
        builder.Services.AddSingleton(launcher);
        builder.Services.AddSingleton(spawner);
        builder.Services.AddSingleton(faultInjector);
        builder.Services.AddSingleton(new ServedHosts(options));
        builder.Services.AddSingleton(new FileTransferGate(options.MaxConcurrentFileTransfers));
        builder.Services.AddSingleton(new DashboardSessions(adminKey, TimeProvider.System));
        builder.Services.AddRateLimiter(limiter => RateLimits.Configure(limiter, options));

        var app = builder.Build();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<BrowserGuardMiddleware>();
        app.UseMiddleware<AdminAuthenticationMiddleware>(adminKey);
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.UseRateLimiter();
        // Pings every 30 s; a client that answers none within 30 s more is gone (no FIN ever came), and its shell ends.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(30) });
        SandboxEndpoints.Map(app);
        ExecutionEndpoints.Map(app);
        FileEndpoints.Map(app);
        ShellEndpoints.Map(app);
        ControlEndpoints.Map(app);
        DashboardEndpoints.Map(app);
        app.MapFallback(context => ApiResponses.WriteErrorAsync(context, StatusCodes.Status404NotFound, "not_found", $"no such endpoint: {context.Request.Method} {context.Request.Path}", "See GET /openapi.yaml for the API"));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await executionManager.DisposeAsync();
            await sandboxManager.DisposeAsync();
            spawner.Dispose();
            homes.Dispose();
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SocktEmulator(app, sandboxManager, executionManager, faultInjector, spawner, homes, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), apiKeys, adminKey, isolation);
    }

    /// <summary>Marks a Lightning invoice paid, as <c>POST /_emulator/invoices/{payment_hash}/pay</c> does.</summary>
    /// <exception cref="ArgumentException">No invoice has this payment hash, or it cannot be paid (already paid, expired, sandbox terminated).</exception>
    public Task PayInvoiceAsync(string paymentHash, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentHash);
        cancellationToken.ThrowIfCancellationRequested();
        Control(() => sandboxes.PayInvoice(paymentHash), nameof(paymentHash));
        return Task.CompletedTask;
    }

    /// <summary>Sets the credits balance of an API key's account, in USD cents.</summary>
    /// <exception cref="ArgumentException">The key is not one of <see cref="ApiKeys"/>, or <paramref name="cents"/> is negative.</exception>
    public Task SetCreditsAsync(string apiKey, long cents, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ArgumentOutOfRangeException.ThrowIfNegative(cents);
        cancellationToken.ThrowIfCancellationRequested();
        Control(() => sandboxes.SetCredits(apiKey, cents), nameof(apiKey));
        return Task.CompletedTask;
    }

    /// <summary>Advances the billing clock and meters the time at once, so tests never sleep to drain a balance.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="by"/> is not positive.</exception>
    public Task AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(by, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        sandboxes.Advance(by);
        return Task.CompletedTask;
    }

    /// <summary>Adds a fault that matching requests get before reaching the API (see <see cref="EmulatorFault"/>).</summary>
    /// <exception cref="ArgumentException">The fault's route, status or counts are invalid.</exception>
    public void InjectFault(EmulatorFault fault) => faults.Add(fault);

    /// <summary>Removes every injected fault.</summary>
    public void ClearFaults() => faults.Clear();

    /// <summary>Stops the server, every sandbox and every process; deletes the temporary data directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        // Sandboxes first: that ends shell sessions, so stopping the server does not wait for open WebSockets.
        await sandboxes.DisposeAsync();
        await executions.DisposeAsync();
        try
        {
            await app.StopAsync();
        }
        finally
        {
            await app.DisposeAsync();
            spawner.Dispose();
            homes.Dispose();
        }
    }

    private static void Control(Action action, string parameterName)
    {
        try
        {
            action();
        }
        catch (ApiException e)
        {
            throw new ArgumentException(e.Message, parameterName);
        }
    }

    /// <summary>
    /// A directory of this user's in the temporary directory, shared by this user's emulators (each in a run directory
    /// of its own). Refused when someone else owns it or may write to it: the emulator hands homes to other users in there.
    /// </summary>
    private static string DefaultDataRoot()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sockt-emulator-" + NativeMethods.GetEffectiveUserId().ToString(System.Globalization.CultureInfo.InvariantCulture));
        SandboxHomes.CreateDirectory(directory, SandboxHomes.Traversable);
        using var handle = ConfinedNative.OpenRoot(directory);
        if (!ConfinedNative.TryStat(handle, "", out var stat) || stat.Uid != NativeMethods.GetEffectiveUserId() || (stat.Mode & 0b000_010_010) != 0)
        {
            throw new IOException($"'{directory}' belongs to another user or is writable by others; remove it or set DataDirectory (--data-dir).");
        }

        return directory;
    }

    /// <summary>The name of this emulator's cgroups: the owner's pid tells a later start whether they were abandoned.</summary>
    private static string RunGroupName() => $"sockt-emulator-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    private static ProcessGroup CreateRootGroup(ProcessControl control)
    {
        var flavor = control switch
        {
            ProcessControl.CgroupV1 => CgroupFlavor.V1,
            ProcessControl.CgroupV2 => CgroupFlavor.V2,
            ProcessControl.Signals => null,
            _ => CgroupFlavor.V1.IsUsable() ? CgroupFlavor.V1 : CgroupFlavor.V2 is { } v2 && v2.IsUsable() ? v2 : null,
        };
        if (control is ProcessControl.CgroupV1 or ProcessControl.CgroupV2 && (flavor is null || !flavor.IsUsable()))
        {
            throw new InvalidOperationException($"Process control {control} is not available on this machine.");
        }

        if (flavor is null)
        {
            return new SignalProcessGroup();
        }

        CgroupProcessGroup.RemoveAbandoned(flavor);
        return new CgroupProcessGroup(flavor, Path.Combine(flavor.Root, RunGroupName()));
    }

    private static void Validate(SocktEmulatorOptions options)
    {
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentException("Port must be between 0 and 65535.", nameof(options));
        }

        if (options.Limits.Values.Any(l => l is null || l.MaxProcesses < 8 || l.MemoryBytes < 32L * 1024 * 1024 || l.TmpBytes < 1024 * 1024 || l.HomeBytes < 1024 * 1024 || l.MaxShells < 1))
        {
            throw new ArgumentException("Each sandbox limit needs at least 8 processes, 32 MiB of memory, 1 MiB of /tmp and of home, and 1 shell.", nameof(options));
        }

        if (options.BootDelay < TimeSpan.Zero || options.ExecutionRetention < TimeSpan.Zero || options.InvoiceExpiry <= TimeSpan.Zero)
        {
            throw new ArgumentException("BootDelay and ExecutionRetention must not be negative; InvoiceExpiry must be positive.", nameof(options));
        }

        if (options.RateLimitPerMinute < 0 || options.AnonymousCreatesPerMinute < 0 || options.MaxConcurrentExecutions < 1 || options.MaxConcurrentFileTransfers < 1 || options.MaxRequestBodyBytes < 1024 || options.MaxFileReadBytes < 1024 || options.MaxExecutionOutputBytes < 1024 || options.MaxRetainedOutputBytes < 1024)
        {
            throw new ArgumentException("RateLimitPerMinute and AnonymousCreatesPerMinute must not be negative, MaxConcurrentExecutions and MaxConcurrentFileTransfers at least 1, and the byte limits at least 1024.", nameof(options));
        }

        if (options.AccountCreditsCents < 0 || options.DefaultInitialCreditsCents < 1 || options.DefaultPrepaidSats < 1 || options.LowBalanceSeconds < 0)
        {
            throw new ArgumentException("Credits, prepaid sats and the low-balance threshold must be positive.", nameof(options));
        }

        foreach (var key in options.ApiKeys)
        {
            if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsWhiteSpace) || key.StartsWith("sbx_", StringComparison.Ordinal))
            {
                // The key itself is not quoted: it is a secret.
                throw new ArgumentException("Each API key must be non-empty, without whitespace, and must not start with sbx_ (reserved for sandbox tokens).", nameof(options));
            }
        }

        if (options.AdminKey is { } adminKey
            && (string.IsNullOrWhiteSpace(adminKey) || adminKey.Any(char.IsWhiteSpace) || adminKey.StartsWith("sbx_", StringComparison.Ordinal) || options.ApiKeys.Contains(adminKey)))
        {
            // Neither key is quoted: both are secrets.
            throw new ArgumentException("The admin key must be non-empty, without whitespace, must not start with sbx_, and must differ from every API key.", nameof(options));
        }

        if (options.PublicUrl is { } publicUrl && (!publicUrl.IsAbsoluteUri || publicUrl.Scheme is not ("http" or "https") || publicUrl.Query.Length > 0))
        {
            throw new ArgumentException("PublicUrl must be an absolute http or https URL without a query.", nameof(options));
        }

        if (options.AllowedHosts.Any(h => string.IsNullOrWhiteSpace(h) || h.Any(c => char.IsWhiteSpace(c) || c is '/' or '*')))
        {
            throw new ArgumentException("Each allowed host must be a plain host name or address (no port, path, wildcard or whitespace).", nameof(options));
        }

        if (options.Tiers is { } tiers)
        {
            if (tiers.Count == 0 || tiers.Any(t => string.IsNullOrWhiteSpace(t.Name) || t.MsatsPerSecond < 0 || t.UsdCentsPerSecond < 0)
                || tiers.Select(t => t.Name).Distinct(StringComparer.Ordinal).Count() != tiers.Count)
            {
                throw new ArgumentException("Tiers must be non-empty, with unique non-empty names and non-negative rates.", nameof(options));
            }
        }
    }
}
