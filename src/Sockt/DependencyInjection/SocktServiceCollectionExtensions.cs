using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Refit;
using Sockt;
using Sockt.Api;
using Sockt.Http;
using Sockt.Internal;
using Sockt.Serialization;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ComputeClient"/> with dependency injection, its HTTP client managed by IHttpClientFactory.</summary>
public static class SocktServiceCollectionExtensions
{
    /// <summary>Name of the SDK's HttpClient in IHttpClientFactory (configure it further with <c>services.AddHttpClient(HttpClientName)</c>).</summary>
    public const string HttpClientName = "Sockt";

    /// <summary>Registers a singleton <see cref="ComputeClient"/> configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; unset values come from the environment or the defaults.</param>
    /// <returns>The builder of the SDK's named HTTP client, to add handlers or configure the primary handler. Calling it again only adds configuration.</returns>
    public static IHttpClientBuilder AddSockt(this IServiceCollection services, Action<ComputeClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ComputeClientOptions>().Configure(configure);
        return AddSocktCore(services);
    }

    /// <summary>Registers a singleton <see cref="ComputeClient"/> bound to a configuration section (keys named like the options' properties, for example <c>ApiKey</c>, <c>BaseUrl</c>, <c>Timeout</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, for example <c>configuration.GetSection("Sockt")</c>.</param>
    /// <returns>The builder of the SDK's named HTTP client.</returns>
    public static IHttpClientBuilder AddSockt(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ComputeClientOptions>().Bind(configuration);
        return AddSocktCore(services);
    }

    private static IHttpClientBuilder AddSocktCore(IServiceCollection services)
    {
        // A second AddSockt only adds configuration: registering the handlers twice would run them twice.
        if (services.Any(d => d.ServiceType == typeof(ClientSettings)))
        {
            return services.AddHttpClient(HttpClientName);
        }

        services.TryAddSingleton(sp => ClientSettings.Resolve(
            sp.GetRequiredService<IOptions<ComputeClientOptions>>().Value,
            Environment.GetEnvironmentVariable,
            sp.GetService<ILoggerFactory>()));

        var builder = services
            .AddRefitGeneratedClient<ISocktApi>(_ => SocktRefitSettings.Create(), HttpClientName)
            .ConfigureHttpClient((sp, client) =>
            {
                var settings = sp.GetRequiredService<ClientSettings>();
                client.BaseAddress = settings.BaseUrl;
                client.Timeout = settings.Timeout;
            })
            .ConfigurePrimaryHttpMessageHandler((primary, _) => SocktHttpPipeline.DisableRedirects(primary))
            // The SDK logs each request once itself (method and path only: the query may hold a sandbox token);
            // IHttpClientFactory's own request logging would add four lines per request, with the full URI.
            .RemoveAllLoggers();

        // One budget per credential for the whole app: the factory builds new handlers every few minutes (and one set
        // per resolved client), but they all draw from this singleton, as the service counts per credential. By
        // default it is the process-wide store that hand-built clients on the same address use too.
        services.TryAddSingleton(sp => RequestBudgets.For(sp.GetRequiredService<ClientSettings>()));

        // One registration per position keeps the SDK's order: errors, logging, retries, authentication, request budget.
        for (var position = 0; position < 5; position++)
        {
            var index = position;
            builder.AddHttpMessageHandler(sp => SocktHttpPipeline.CreateHandlers(sp.GetRequiredService<ClientSettings>(), sp.GetRequiredService<RequestBudgets>())[index]);
        }

        // The client is a singleton; each call asks the container for the transient Refit client, so the factory can
        // rotate the underlying handlers (DNS changes) as usual.
        // File uploads take a client of their own from the factory with Timeout turned off (each CreateClient is a new
        // HttpClient over the pooled handlers, so this changes no other request): the named client's Timeout bounds a
        // whole request, and an upload is bounded by its inactivity instead (ComputeClientOptions.Timeout).
        services.TryAddSingleton(sp => new ComputeClient(new ClientCore(
            sp.GetRequiredService<ClientSettings>(),
            sp.GetRequiredService<RequestBudgets>(),
            () => sp.GetRequiredService<ISocktApi>(),
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            ownedResources: [],
            untimedHttp: () =>
            {
                var client = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
                client.Timeout = Timeout.InfiniteTimeSpan;
                return client;
            })));
        return builder;
    }
}
