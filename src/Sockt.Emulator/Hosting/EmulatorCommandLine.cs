using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Sockt.Emulator.Processes;

namespace Sockt.Emulator.Hosting;

/// <summary>Parses the command line into <see cref="SocktEmulatorOptions"/> and prints the startup banner.</summary>
internal static class EmulatorCommandLine
{
    /// <summary>Every option, as System.CommandLine symbols; the emulator executable and <c>sockt emulator</c> both use these.</summary>
    private static readonly Option<string> Port = new("--port") { Description = "TCP port on 127.0.0.1 (default 7450; 0 picks a free port)" };
    private static readonly Option<string> DataDir = new("--data-dir") { Description = "Where sandbox homes live (default: ./.emulator-data)" };
    private static readonly Option<string[]> ApiKey = new("--api-key") { Description = "Accepted API key; repeatable (default: one generated sockt_live_ key)" };
    private static readonly Option<string> PublicUrl = new("--public-url") { Description = "The URL clients reach the emulator at (shell-url answers use it; its host is served)" };
    private static readonly Option<string[]> AllowedHost = new("--allowed-host") { Description = "Another Host name to answer to; repeatable (default: 127.0.0.1, localhost, ::1)" };
    private static readonly Option<string> AdminKey = new("--admin-key") { Description = "The admin API's key (/_emulator/*; default: a generated sockt_admin_ key)" };
    private static readonly Option<string> BootDelay = new("--boot-delay") { Description = "Time a sandbox stays \"starting\": 200ms, 2s, or milliseconds (default 200ms)" };
    private static readonly Option<string> Isolation = new("--isolation") { Description = "auto | bwrap | none (default auto = bwrap; start fails when it does not work; none runs sandboxes UNISOLATED as plain processes of this user)" };
    private static readonly Option<string> Network = new("--network") { Description = "loopback | outbound | host (default loopback: a network of the sandbox's own, nothing outside; outbound: internet via pasta, never the host's loopback; host: the host's network, the emulator's port included: trusted code only)" };
    private static readonly Option<string> RateLimit = new("--rate-limit") { Description = "Requests per minute per credential, 0 = off (default 300)" };
    private static readonly Option<string> AnonymousCreates = new("--anonymous-creates") { Description = "Creates per minute per address without an API key, 0 = off (default 30)" };
    private static readonly Option<string> MaxExecutions = new("--max-executions") { Description = "Concurrent executions per credential (default 10)" };
    private static readonly Option<string> Tiers = new("--tiers") { Description = "Tier table file: [{\"tier\":\"nano\",\"msats_per_second\":500,\"usd_cents_per_second\":0.000277,\"cost_per_hour_usd\":0.01}, ...]" };
    private static readonly Option<string> ExecOutput = new("--exec-output") { Description = "incremental | cumulative (default incremental)" };
    private static readonly Option<string> CreditsCents = new("--credits-cents") { Description = "Starting credits of every API key's account, in cents (default 10000)" };
    private static readonly Option<string> LowBalanceSeconds = new("--low-balance-seconds") { Description = "Warning threshold in seconds of compute left (default 300)" };
    private static readonly Option<bool> NoRealTimeMetering = new("--no-real-time-metering") { Description = "Bill only when the clock is advanced (POST /_emulator/clock/advance)" };
    private static readonly Option<string> MaxBodyBytes = new("--max-body-bytes") { Description = "Largest request body (default 67108864 = 64 MiB)" };

    /// <summary>The options in the order help lists them.</summary>
    public static IReadOnlyList<Option> Options { get; } =
    [
        Port, DataDir, ApiKey, PublicUrl, AllowedHost, AdminKey, BootDelay, Isolation, Network, RateLimit, AnonymousCreates,
        MaxExecutions, Tiers, ExecOutput, CreditsCents, LowBalanceSeconds, NoRealTimeMetering, MaxBodyBytes,
    ];

    /// <summary>The emulator's root command (help and --version included) with every option; used by tests and <see cref="Parse"/>.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("Sockt emulator: a local, Sockt-compatible server with real sandboxes.");
        AddOptionsTo(root);
        return root;
    }

    /// <summary>Adds every emulator option to <paramref name="command"/>.</summary>
    public static void AddOptionsTo(Command command)
    {
        foreach (var option in Options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The options, or null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An option is unknown or has a bad value.</exception>
    public static SocktEmulatorOptions? Parse(IReadOnlyList<string> args)
    {
        var result = CreateRootCommand().Parse(args.ToArray());
        if (result.Errors.Count > 0)
        {
            throw new ArgumentException(result.Errors[0].Message);
        }

        return result.Action is System.CommandLine.Help.HelpAction ? null : ToOptions(result);
    }

    /// <summary>The emulator's settings from a parsed command line.</summary>
    /// <exception cref="ArgumentException">An option has a bad value.</exception>
    public static SocktEmulatorOptions ToOptions(ParseResult result)
    {
        var options = new SocktEmulatorOptions
        {
            Port = SocktEmulatorOptions.DefaultCommandLinePort,
            DataDirectory = ".emulator-data",
            ConfigureLogging = logging => logging
                .AddSimpleConsole(console => console.SingleLine = true)
                .SetMinimumLevel(LogLevel.Warning)
                // A failed start (port in use) is reported in one line by Program; the host's stack trace adds nothing.
                .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None),
        };
        void With(Option<string> option, Action<string> apply)
        {
            if (result.GetValue(option) is { } value)
            {
                apply(value);
            }
        }

        With(Port, value => options.Port = ParseInt(value, Port.Name, 0, 65535));
        With(DataDir, value => options.DataDirectory = value);
        foreach (var key in result.GetValue(ApiKey) ?? [])
        {
            options.ApiKeys.Add(key);
        }

        With(PublicUrl, value => options.PublicUrl = Uri.TryCreate(value, UriKind.Absolute, out var publicUrl)
            ? publicUrl
            : throw new ArgumentException("--public-url must be an absolute URL such as http://sockt.localhost:7450"));
        foreach (var host in result.GetValue(AllowedHost) ?? [])
        {
            options.AllowedHosts.Add(host);
        }

        With(AdminKey, value => options.AdminKey = value);
        With(AnonymousCreates, value => options.AnonymousCreatesPerMinute = ParseInt(value, AnonymousCreates.Name, 0, int.MaxValue));
        With(BootDelay, value => options.BootDelay = ParseDuration(value, BootDelay.Name));
        With(Isolation, value => options.Isolation = value.ToLowerInvariant() switch
        {
            "auto" => IsolationMode.Auto,
            "bwrap" => IsolationMode.Bwrap,
            "none" => IsolationMode.None,
            var other => throw new ArgumentException($"--isolation must be auto, bwrap or none, not '{other}'"),
        });
        With(Network, value => options.Network = value.ToLowerInvariant() switch
        {
            "loopback" => SandboxNetwork.Loopback,
            "outbound" => SandboxNetwork.Outbound,
            "host" => SandboxNetwork.Host,
            var other => throw new ArgumentException($"--network must be loopback, outbound or host, not '{other}'"),
        });
        With(RateLimit, value => options.RateLimitPerMinute = ParseInt(value, RateLimit.Name, 0, int.MaxValue));
        With(MaxExecutions, value => options.MaxConcurrentExecutions = ParseInt(value, MaxExecutions.Name, 1, 10_000));
        With(Tiers, value => options.Tiers = ReadTiers(value));
        With(ExecOutput, value => options.ExecOutputMode = value.ToLowerInvariant() switch
        {
            "incremental" => ExecOutputMode.Incremental,
            "cumulative" => ExecOutputMode.Cumulative,
            var other => throw new ArgumentException($"--exec-output must be incremental or cumulative, not '{other}'"),
        });
        With(CreditsCents, value => options.AccountCreditsCents = ParseInt(value, CreditsCents.Name, 0, int.MaxValue));
        With(LowBalanceSeconds, value => options.LowBalanceSeconds = ParseInt(value, LowBalanceSeconds.Name, 0, int.MaxValue));
        if (result.GetValue(NoRealTimeMetering))
        {
            options.MeterRealTime = false;
        }

        With(MaxBodyBytes, value => options.MaxRequestBodyBytes = ParseInt(value, MaxBodyBytes.Name, 1024, int.MaxValue));
        return options;
    }

    public static void PrintBanner(SocktEmulator emulator, SocktEmulatorOptions options)
    {
        Console.WriteLine("Sockt emulator listening on " + emulator.BaseUrl.ToString().TrimEnd('/'));
        // Printing the key is intended: it is a local development key and the user needs it. (The SDK never prints keys.)
        foreach (var key in emulator.ApiKeys)
        {
            Console.WriteLine("  API key:      " + key);
        }

        // The admin API's key (billing clock, invoices, credits, faults): on its own line, after the API keys.
        Console.WriteLine("  Admin key:    " + emulator.AdminKey);

        // The dashboard asks for the admin key in its sign-in form: the key never goes into the URL.
        Console.WriteLine("  Dashboard:    " + new Uri(emulator.BaseUrl, "/") + " (sign in with the admin key)");
        Console.WriteLine("  OpenAPI:      " + new Uri(emulator.BaseUrl, "/openapi.yaml"));
        Console.WriteLine("  Data:         " + emulator.DataDirectory);
        Console.WriteLine("  Isolation:    " + (emulator.Isolation == IsolationMode.Bwrap ? "bubblewrap" : "none"));
        if (emulator.Isolation != IsolationMode.None)
        {
            Console.WriteLine("  Network:      " + options.Network switch
            {
                SandboxNetwork.Outbound => "outbound (pasta; the host's loopback stays unreachable)",
                SandboxNetwork.Host => "HOST (unconfined)",
                _ => "loopback only (a namespace of each sandbox's own)",
            });
        }

        Console.WriteLine("  Boot delay:   " + options.BootDelay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + " ms");
        // Whole lines, so they can be pasted into another terminal as they are (or picked with grep ^export).
        Console.WriteLine("Point sockt and the SDK at it:");
        Console.WriteLine("export SOCKT_API_URL=" + emulator.BaseUrl.ToString().TrimEnd('/'));
        Console.WriteLine("export SOCKT_API_KEY=" + emulator.ApiKey);
        if (emulator.Isolation == IsolationMode.None)
        {
            Console.WriteLine();
            Console.WriteLine("  ************************************************************************************");
            Console.WriteLine("  WARNING: --isolation none: sandboxes are NOT isolated. Their commands run as plain");
            Console.WriteLine("  WARNING: processes of this user (" + Environment.UserName + "), can read and write anything it can, see");
            Console.WriteLine("  WARNING: each other and reach this emulator. Run only code you trust.");
            Console.WriteLine("  ************************************************************************************");
        }

        if (emulator.Isolation != IsolationMode.None && options.Network == SandboxNetwork.Host)
        {
            Console.WriteLine();
            if (NativeMethods.GetEffectiveUserId() == 0)
            {
                // As root each sandbox has a host uid of its own, which SandboxPeerGuard refuses at accept.
                Console.WriteLine("  WARNING: --network host: sandboxes share this machine's network. They reach every service");
                Console.WriteLine("  WARNING: on 127.0.0.1 (this emulator's port excepted). Run only code you trust.");
            }
            else
            {
                Console.WriteLine("  WARNING: --network host: sandboxes share this machine's network. They reach this emulator's");
                Console.WriteLine("  WARNING: port and every service on 127.0.0.1. Run only code you trust.");
            }
        }

        Console.WriteLine("Press Ctrl+C to stop (every sandbox is terminated).");
    }

    private static int ParseInt(string value, string name, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new ArgumentException($"{name} must be an integer between {min} and {max}, not '{value}'");

    private static TimeSpan ParseDuration(string value, string name)
    {
        var text = value.Trim().ToLowerInvariant();
        var (digits, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : (text, 1.0);
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0 && number * scale <= TimeSpan.FromHours(1).TotalMilliseconds
            ? TimeSpan.FromMilliseconds(number * scale)
            : throw new ArgumentException($"{name} must be a duration such as 200ms, 2s or 500 (milliseconds), up to one hour, not '{value}'");
    }

    private static List<EmulatorTier> ReadTiers(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--tiers: cannot read '{path}': {e.Message}");
        }

        using (document)
        {
            var array = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("tiers", out var wrapped)
                ? wrapped
                : document.RootElement;
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw new ArgumentException("--tiers: expected a JSON array of tiers (or {\"tiers\": [...]})");
            }

            var tiers = new List<EmulatorTier>();
            foreach (var item in array.EnumerateArray())
            {
                try
                {
                    var name = item.TryGetProperty("tier", out var tier) ? tier.GetString() : item.GetProperty("name").GetString();
                    var msats = item.GetProperty("msats_per_second").GetInt64();
                    var cents = item.TryGetProperty("usd_cents_per_second", out var c) ? c.GetDouble() : 0;
                    tiers.Add(new EmulatorTier
                    {
                        Name = name ?? "",
                        MsatsPerSecond = msats,
                        UsdCentsPerSecond = cents,
                        CostPerHourUsd = item.TryGetProperty("cost_per_hour_usd", out var h) ? h.GetDouble() : Math.Round(cents * 36, 2),
                        Runtime = item.TryGetProperty("runtime", out var r) ? r.GetString() ?? "cpu" : "cpu",
                    });
                }
                catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    throw new ArgumentException("--tiers: each tier needs \"tier\" (or \"name\") and an integer \"msats_per_second\"; " + e.Message);
                }
            }

            return tiers;
        }
    }
}
