using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Sockt.AI.Mcp;

/// <summary>
/// The Sockt MCP server over stdio, as <c>sockt mcp</c> runs it for Claude Desktop, VS Code and other MCP clients: the
/// client-bound tools (<see cref="SocktTools.ForClient"/>) behind the guard, the protocol on stdout, logs on stderr.
/// </summary>
public static class SocktMcpServer
{
    /// <summary>The server's name in the MCP handshake.</summary>
    public const string ServerName = "sockt";

    /// <summary>What the server tells the client's model about itself.</summary>
    public const string Instructions =
        "Sockt sandboxes are isolated Linux machines for running code. Create one with create_sandbox, pass its sandbox_id to the "
        + "other tools, write files with write_file, run commands with run_command, read results with read_file, and terminate "
        + "it with terminate_sandbox when done. The operator's limits (sandboxes alive, lifetime, tiers, spending, command time) "
        + "apply to every call; a refused call names the limit.";

    /// <summary>
    /// Serves MCP on this process's stdin/stdout until the client closes stdin or <paramref name="cancellationToken"/>
    /// is cancelled; then terminates every sandbox the tools created.
    /// </summary>
    /// <param name="options">Credentials, limits and logging; null for the defaults and the environment.</param>
    /// <param name="cancellationToken">Stops the server (for example on Ctrl+C or SIGTERM).</param>
    /// <returns>A task that completes when the session ended and the sandboxes are terminated.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static async Task RunStdioAsync(SocktMcpServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SocktMcpServerOptions();
        using var loggerFactory = CreateStderrLoggerFactory(options.MinimumLogLevel);
        options.Client.LoggerFactory ??= loggerFactory;
        options.Tools.LoggerFactory ??= loggerFactory;

        using var client = new ComputeClient(options.Client);
        await using var tools = SocktTools.ForClient(client, options.Tools);
        var serverOptions = CreateServerOptions(tools);
        await using var transport = new StdioServerTransport(serverOptions, loggerFactory);
        await using var server = McpServer.Create(transport, serverOptions, loggerFactory);
        try
        {
            await server.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop: the sandboxes are terminated below, as when the client hangs up.
        }
    }

    /// <summary>Server options that expose <paramref name="tools"/>, with Sockt's name, version and instructions.</summary>
    /// <param name="tools">The tools to serve.</param>
    /// <returns>New options, for <c>McpServer.Create</c> over any transport.</returns>
    public static McpServerOptions CreateServerOptions(SocktTools tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var collection = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in tools.McpServerTools)
        {
            collection.Add(tool);
        }

        return new McpServerOptions
        {
            ServerInfo = new Implementation { Name = ServerName, Version = Version },
            ServerInstructions = Instructions,
            ToolCollection = collection,
        };
    }

    private static string Version =>
        typeof(SocktMcpServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(SocktMcpServer).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    private static ILoggerFactory CreateStderrLoggerFactory(LogLevel minimum) => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(minimum)
        // Every level goes to stderr: stdout belongs to the protocol, one stray line would corrupt it.
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddSimpleConsole(format =>
        {
            format.SingleLine = true;
            format.ColorBehavior = LoggerColorBehavior.Disabled;
        }));
}
