using System.CommandLine;
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
internal sealed class McpCommand : SocktCommand
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
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parseResult = context.ParseResult;
        if (context.Credential.IsSandboxToken)
        {
            await context.Error.WriteLineAsync("sockt mcp: the tools create sandboxes, which needs an API key (SOCKT_API_KEY or --token sockt_live_...), not a sandbox token.");
            return 2;
        }

        var options = new SocktMcpServerOptions { Client = context.Credential.ToClientOptions(), MinimumLogLevel = parseResult.GetValue(logLevel) };
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
            await context.Error.WriteLineAsync("sockt mcp: " + e.Message);
            return 2;
        }

        // Ctrl+C or SIGTERM cancels the token: the server stops and terminates its sandboxes before this returns.
        await SocktMcpServer.RunStdioAsync(options, cancellationToken);
        return 0;
    }

    private static Option<string?> Limit(string limitName, string description) => new("--" + limitName.Replace('_', '-'))
    {
        Description = $"{description}; or SOCKT_{limitName.ToUpperInvariant()}",
    };
}
