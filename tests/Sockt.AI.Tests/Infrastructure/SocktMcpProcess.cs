using System.Collections.Concurrent;
using ModelContextProtocol.Client;

namespace Sockt.AI.Tests.Infrastructure;

/// <summary>
/// Starts <c>sockt mcp</c> as a child process and connects the ModelContextProtocol client to it over stdio, as Claude
/// Desktop or VS Code would from the configuration in docs/agents.md. Its stderr lines are kept for assertions.
/// </summary>
public sealed class SocktMcpProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> stderr;

    private SocktMcpProcess(McpClient client, ConcurrentQueue<string> stderr)
    {
        Client = client;
        this.stderr = stderr;
    }

    public McpClient Client { get; }

    /// <summary>What the server wrote to stderr so far (its logs).</summary>
    public IReadOnlyList<string> StandardError => [.. stderr];

    public static async Task<SocktMcpProcess> StartAsync(Uri baseUrl, string apiKey, IEnumerable<string>? arguments = null, IDictionary<string, string?>? environment = null)
    {
        var stderr = new ConcurrentQueue<string>();
        var variables = new Dictionary<string, string?>
        {
            ["SOCKT_API_URL"] = baseUrl.ToString(),
            ["SOCKT_API_KEY"] = apiKey,
            ["SOCKT_SANDBOX_TOKEN"] = null,
        };
        foreach (var name in SocktToolLimits.Names)
        {
            // The test decides the limits; none may leak in from the machine's environment.
            variables[SocktToolLimits.EnvironmentPrefix + name.ToUpperInvariant()] = null;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "sockt",
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "Sockt.Cli.dll"), "mcp", .. arguments ?? []],
            EnvironmentVariables = variables,
            StandardErrorLines = stderr.Enqueue,
            ShutdownTimeout = TimeSpan.FromSeconds(20),
        });
        var client = await McpClient.CreateAsync(transport);
        return new SocktMcpProcess(client, stderr);
    }

    /// <summary>Closes the client: stdin closes, the server ends its session and terminates its sandboxes, then exits.</summary>
    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
