using System.Globalization;
using System.Text.Json;

namespace Sockt.Emulator.Hosting;

/// <summary>Parses the command line into <see cref="SocktEmulatorOptions"/> and prints the startup banner.</summary>
internal static class EmulatorCommandLine
{
    public const string Usage = """
        Sockt emulator: a local, Sockt-compatible server with real sandboxes.

        Usage: {program} [options]

          --port <n>                 TCP port on 127.0.0.1 (default 7450; 0 picks a free port)
          --data-dir <dir>           where sandbox homes live (default: ./.emulator-data)
          --api-key <key>            accepted API key; repeatable (default: one generated sockt_live_ key)
          --public-url <url>         the URL clients reach the emulator at (shell-url answers use it; its host is served)
          --allowed-host <name>      another Host name to answer to; repeatable (default: 127.0.0.1, localhost, ::1)
          --admin-key <key>          the admin API's key (/_emulator/*; default: a generated sockt_admin_ key)
          --boot-delay <duration>    time a sandbox stays "starting": 200ms, 2s, or milliseconds (default 200ms)
          --isolation <mode>         auto | bwrap | none (default auto = bwrap; start fails when it does not work;
                                     none runs sandboxes UNISOLATED as plain processes of this user)
          --network <mode>           loopback | outbound | host (default loopback: a network of the sandbox's own,
                                     nothing outside; outbound: internet via pasta, never the host's loopback;
                                     host: the host's network, the emulator's port included: trusted code only)
          --rate-limit <n>           requests per minute per credential, 0 = off (default 300)
          --anonymous-creates <n>    creates per minute per address without an API key, 0 = off (default 30)
          --max-executions <n>       concurrent executions per credential (default 10)
          --tiers <file.json>        tier table: [{"tier":"nano","msats_per_second":500,"usd_cents_per_second":0.000277,"cost_per_hour_usd":0.01}, ...]
          --exec-output <mode>       incremental | cumulative (default incremental)
          --credits-cents <n>        starting credits of every API key's account, in cents (default 10000)
          --low-balance-seconds <n>  warning threshold in seconds of compute left (default 300)
          --no-real-time-metering    bill only when the clock is advanced (POST /_emulator/clock/advance)
          --max-body-bytes <n>       largest request body (default 67108864 = 64 MiB)
          --version                  print the version and exit
          -h, --help                 show this help
        """;

    /// <summary>The options, or null when help was asked for.</summary>
    /// <exception cref="ArgumentException">An option is unknown or has a bad value.</exception>
    public static SocktEmulatorOptions? Parse(IReadOnlyList<string> args)
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
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"option {name} needs a value");
                }

                return args[++i];
            }

            switch (name)
            {
                case "-h" or "--help":
                    return null;
                case "--port":
                    options.Port = ParseInt(Value(), name, 0, 65535);
                    break;
                case "--data-dir":
                    options.DataDirectory = Value();
                    break;
                case "--api-key":
                    options.ApiKeys.Add(Value());
                    break;
                case "--public-url":
                    options.PublicUrl = Uri.TryCreate(Value(), UriKind.Absolute, out var publicUrl)
                        ? publicUrl
                        : throw new ArgumentException("--public-url must be an absolute URL such as http://sockt.localhost:7450");
                    break;
                case "--allowed-host":
                    options.AllowedHosts.Add(Value());
                    break;
                case "--admin-key":
                    options.AdminKey = Value();
                    break;
                case "--anonymous-creates":
                    options.AnonymousCreatesPerMinute = ParseInt(Value(), name, 0, int.MaxValue);
                    break;
                case "--boot-delay":
                    options.BootDelay = ParseDuration(Value(), name);
                    break;
                case "--isolation":
                    options.Isolation = Value().ToLowerInvariant() switch
                    {
                        "auto" => IsolationMode.Auto,
                        "bwrap" => IsolationMode.Bwrap,
                        "none" => IsolationMode.None,
                        var other => throw new ArgumentException($"--isolation must be auto, bwrap or none, not '{other}'"),
                    };
                    break;
                case "--network":
                    options.Network = Value().ToLowerInvariant() switch
                    {
                        "loopback" => SandboxNetwork.Loopback,
                        "outbound" => SandboxNetwork.Outbound,
                        "host" => SandboxNetwork.Host,
                        var other => throw new ArgumentException($"--network must be loopback, outbound or host, not '{other}'"),
                    };
                    break;
                case "--rate-limit":
                    options.RateLimitPerMinute = ParseInt(Value(), name, 0, int.MaxValue);
                    break;
                case "--max-executions":
                    options.MaxConcurrentExecutions = ParseInt(Value(), name, 1, 10_000);
                    break;
                case "--tiers":
                    options.Tiers = ReadTiers(Value());
                    break;
                case "--exec-output":
                    options.ExecOutputMode = Value().ToLowerInvariant() switch
                    {
                        "incremental" => ExecOutputMode.Incremental,
                        "cumulative" => ExecOutputMode.Cumulative,
                        var other => throw new ArgumentException($"--exec-output must be incremental or cumulative, not '{other}'"),
                    };
                    break;
                case "--credits-cents":
                    options.AccountCreditsCents = ParseInt(Value(), name, 0, int.MaxValue);
                    break;
                case "--low-balance-seconds":
                    options.LowBalanceSeconds = ParseInt(Value(), name, 0, int.MaxValue);
                    break;
                case "--no-real-time-metering":
                    options.MeterRealTime = false;
                    break;
                case "--max-body-bytes":
                    options.MaxRequestBodyBytes = ParseInt(Value(), name, 1024, int.MaxValue);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{name}'");
            }
        }

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
            Console.WriteLine("  WARNING: --network host: sandboxes share this machine's network. They reach this emulator's");
            Console.WriteLine("  WARNING: port and every service on 127.0.0.1. Run only code you trust.");
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
