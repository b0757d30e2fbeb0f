using System.CommandLine;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Sockt.AI;
using Sockt.AI.Mcp;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt mcp [limits]</c>: serves the Sockt tools to an MCP client over stdio (Claude Desktop, VS Code, ...).
/// The server itself lives in Sockt.AI; this command only reads the limits (flags over <c>SOCKT_MAX_*</c> variables
/// over the defaults) and stops it on Ctrl+C or SIGTERM, after which the sandboxes it created are terminated.
/// </summary>
internal sealed class McpCommand : Command
{
    private readonly Option<string?> maxSandboxes = Limit(SocktLimitNames.MaxSandboxes, "How many sandboxes may be alive at once (default 2)");
    private readonly Option<string?> maxLifetime = Limit(SocktLimitNames.MaxLifetime, "How long a sandbox may live: seconds, or 90s, 30m, 2h (default 1h)");
    private readonly Option<string?> allowedTiers = Limit(SocktLimitNames.AllowedTiers, "Comma-separated tiers create_sandbox may use; the first is the default (default nano,micro)");
    private readonly Option<string?> maxSpendSats = Limit(SocktLimitNames.MaxSpendSats, "Sats the sandboxes may consume in total, or none (default 1000)");
    private readonly Option<string?> maxSpendCents = Limit(SocktLimitNames.MaxSpendCents, "USD cents of credits the sandboxes may consume in total, or none (default none)");
    private readonly Option<string?> maxCommandTimeout = Limit(SocktLimitNames.MaxCommandTimeout, "The longest timeout a command may ask for: seconds, or 90s, 10m (default 10m)");

    private readonly Option<LogLevel> logLevel = new("--log-level")
    {
        Description = "Least severe log level written to stderr (stdout carries only the protocol)",
        DefaultValueFactory = _ => LogLevel.Information,
    };

    public McpCommand()
        : base("mcp", "Serve Sockt sandboxes as MCP tools over stdio, with limits on sandboxes, lifetime, tiers, spending and command time (see docs/agents.md)")
    {
        Options.Add(maxSandboxes);
        Options.Add(maxLifetime);
        Options.Add(allowedTiers);
        Options.Add(maxSpendSats);
        Options.Add(maxSpendCents);
        Options.Add(maxCommandTimeout);
        Options.Add(logLevel);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var options = new SocktMcpServerOptions { MinimumLogLevel = parseResult.GetValue(logLevel) };
        if (parseResult.GetValue(GlobalOptions.Token) is { Length: > 0 } token)
        {
            options.Client.ApiKey = token;
        }

        try
        {
            var limits = options.Tools.Limits;
            limits.SetFromEnvironment();
            foreach (var (name, option) in new[] { (SocktLimitNames.MaxSandboxes, maxSandboxes), (SocktLimitNames.MaxLifetime, maxLifetime), (SocktLimitNames.AllowedTiers, allowedTiers), (SocktLimitNames.MaxSpendSats, maxSpendSats), (SocktLimitNames.MaxSpendCents, maxSpendCents), (SocktLimitNames.MaxCommandTimeout, maxCommandTimeout) })
            {
                if (parseResult.GetValue(option) is { } value)
                {
                    limits.Set(name, value);
                }
            }

            limits.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("sockt mcp: " + e.Message);
            return 2;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await SocktMcpServer.RunStdioAsync(options, stop.Token);
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static Option<string?> Limit(string limitName, string description) => new("--" + limitName.Replace('_', '-'))
    {
        Description = $"{description}; or SOCKT_{limitName.ToUpperInvariant()}",
    };
}
