using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Server;
using Sockt.AI.Guard;
using Sockt.AI.Mcp;
using Sockt.AI.Sdk;
using Sockt.AI.Tools;

namespace Sockt.AI;

/// <summary>
/// Sockt sandboxes as tools for an AI agent, behind a spending and safety guard (<see cref="SocktToolLimits"/>).
/// <see cref="ForSandbox"/> binds the tools to one sandbox you created; <see cref="ForClient"/> lets the model create
/// sandboxes on demand (and name them with <c>sandbox_id</c>). The same tools come as Microsoft.Extensions.AI functions
/// (<see cref="Functions"/>, <see cref="AsAITools"/>) and as MCP server tools (<see cref="McpServerTools"/>).
/// Failures come back to the model as tool results it can act on (<see cref="SocktToolErrors"/>), never as exceptions.
/// Dispose the set to terminate the sandboxes its tools created.
/// </summary>
/// <example>
/// <code>
/// await using var tools = SocktTools.ForClient(client);
/// var chat = new ChatClientBuilder(innerChatClient).UseFunctionInvocation().Build();
/// var response = await chat.GetResponseAsync("Compute 6*7 in a sandbox", new ChatOptions { Tools = tools.AsAITools() });
/// </code>
/// </example>
public sealed class SocktTools : IAsyncDisposable
{
    private readonly SandboxGuard guard;

    private SocktTools(SandboxGuard guard, IReadOnlyList<ToolDefinition> definitions)
    {
        this.guard = guard;
        Functions = definitions.Select(d => (AIFunction)new SocktAIFunction(d)).ToList();
        McpServerTools = definitions.Select(d => (McpServerTool)new SocktMcpServerTool(d)).ToList();
    }

    /// <summary>The tools as Microsoft.Extensions.AI functions, in a fixed order.</summary>
    public IReadOnlyList<AIFunction> Functions { get; }

    /// <summary>The same tools as MCP server tools (for <c>WithTools</c> or an <c>McpServerOptions.ToolCollection</c>).</summary>
    public IReadOnlyList<McpServerTool> McpServerTools { get; }

    /// <summary>The limits in force (a copy taken when the set was made; changing it has no effect).</summary>
    public SocktToolLimits Limits => guard.Limits;

    /// <summary>
    /// Tools bound to one sandbox that you created and own: <c>run_command</c>, <c>write_file</c>, <c>read_file</c>,
    /// <c>list_files</c>, without a <c>sandbox_id</c> argument. The guard counts its spending and caps command
    /// timeouts, but never terminates it (it is yours).
    /// </summary>
    /// <param name="sandbox">A running sandbox.</param>
    /// <param name="options">Limits and output sizes; null for the defaults.</param>
    /// <returns>The tool set; dispose it when the conversation ends.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static SocktTools ForSandbox(Sandbox sandbox, SocktToolsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var (settings, guard, gateway, logger) = Prepare(client: null, options);
        var context = new ToolContext(guard, gateway, settings, guard.Adopt(sandbox), logger);
        return new SocktTools(guard, [RunCommandTool.Create(context), WriteFileTool.Create(context), ReadFileTool.Create(context), ListFilesTool.Create(context)]);
    }

    /// <summary>
    /// Tools that create sandboxes on demand through <paramref name="client"/>: <c>create_sandbox</c>,
    /// <c>run_command</c>, <c>write_file</c>, <c>read_file</c>, <c>list_files</c>, <c>sandbox_status</c> and
    /// <c>terminate_sandbox</c>; every tool but <c>create_sandbox</c> takes <c>sandbox_id</c> and acts only on
    /// sandboxes this set created.
    /// </summary>
    /// <param name="client">The client to create sandboxes with (credits billing, the client's API key).</param>
    /// <param name="options">Limits and output sizes; null for the defaults.</param>
    /// <returns>The tool set; dispose it to terminate the sandboxes it created.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static SocktTools ForClient(ComputeClient client, SocktToolsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (settings, guard, gateway, logger) = Prepare(client, options);
        var context = new ToolContext(guard, gateway, settings, bound: null, logger);
        return new SocktTools(guard,
        [
            CreateSandboxTool.Create(context),
            RunCommandTool.Create(context),
            WriteFileTool.Create(context),
            ReadFileTool.Create(context),
            ListFilesTool.Create(context),
            SandboxStatusTool.Create(context),
            TerminateSandboxTool.Create(context),
        ]);
    }

    /// <summary>The tools as a new list for <c>ChatOptions.Tools</c>.</summary>
    /// <returns>A new list holding <see cref="Functions"/>.</returns>
    public IList<AITool> AsAITools() => Functions.Cast<AITool>().ToList();

    /// <summary>Terminates every sandbox the tools created and still alive, and stops the lifetime timers.</summary>
    /// <returns>A task that completes when the sandboxes are terminated (or could not be within 10 seconds).</returns>
    public ValueTask DisposeAsync() => guard.DisposeAsync();

    private static (SocktToolsOptions Settings, SandboxGuard Guard, SandboxGateway Gateway, ILogger Logger) Prepare(ComputeClient? client, SocktToolsOptions? options)
    {
        var settings = options ?? new SocktToolsOptions();
        settings.Validate();
        var logger = settings.LoggerFactory?.CreateLogger("Sockt.AI") ?? NullLogger.Instance;
        var gateway = new SandboxGateway(client);
        var guard = new SandboxGuard(gateway, Copy(settings.Limits), settings.TimeProvider, logger);
        return (settings, guard, gateway, logger);
    }

    private static SocktToolLimits Copy(SocktToolLimits limits)
    {
        var copy = new SocktToolLimits
        {
            MaxSandboxes = limits.MaxSandboxes,
            MaxSandboxLifetime = limits.MaxSandboxLifetime,
            MaxSpendSats = limits.MaxSpendSats,
            MaxSpendCents = limits.MaxSpendCents,
            MaxCommandTimeout = limits.MaxCommandTimeout,
            DefaultCommandTimeout = limits.DefaultCommandTimeout,
        };
        copy.AllowedTiers.Clear();
        foreach (var tier in limits.AllowedTiers)
        {
            copy.AllowedTiers.Add(tier);
        }

        return copy;
    }
}
