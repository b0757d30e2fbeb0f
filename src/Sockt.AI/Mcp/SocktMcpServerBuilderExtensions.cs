using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Server;
using Sockt;
using Sockt.AI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Sockt tools to an MCP server built with dependency injection (stdio or ModelContextProtocol.AspNetCore).</summary>
public static class SocktMcpServerBuilderExtensions
{
    private static readonly string[] ClientToolNames =
    [
        SocktToolNames.CreateSandbox,
        SocktToolNames.RunCommand,
        SocktToolNames.WriteFile,
        SocktToolNames.ReadFile,
        SocktToolNames.ListFiles,
        SocktToolNames.SandboxStatus,
        SocktToolNames.TerminateSandbox,
    ];

    /// <summary>
    /// Serves the client-bound Sockt tools (<see cref="SocktTools.ForClient"/>) behind one guard for the whole host.
    /// The <see cref="ComputeClient"/> comes from the container (<c>services.AddSockt(...)</c>); without one, a client
    /// configured from the environment is added. The sandboxes the tools created are terminated when the host stops.
    /// Over HTTP every session shares the guard's limits and may act on the sandboxes any session created.
    /// </summary>
    /// <param name="builder">The MCP server builder (<c>services.AddMcpServer()</c>).</param>
    /// <param name="configure">Adjusts limits and output sizes.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IMcpServerBuilder AddSocktMcpTools(this IMcpServerBuilder builder, Action<SocktToolsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(ComputeClient)))
        {
            services.AddSockt(_ => { });
        }

        var options = services.AddOptions<SocktToolsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<SocktToolsOptions>>().Value;
            settings.LoggerFactory ??= sp.GetService<ILoggerFactory>();
            return SocktTools.ForClient(sp.GetRequiredService<ComputeClient>(), settings);
        });
        foreach (var name in ClientToolNames)
        {
            services.AddSingleton(sp => sp.GetRequiredService<SocktTools>().McpServerTools.Single(t => t.ProtocolTool.Name == name));
        }

        return builder;
    }
}
