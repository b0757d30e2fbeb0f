using Microsoft.Extensions.Logging;
using Sockt.Internal;

namespace Sockt.Http;

/// <summary>
/// Builds the SDK's handler chain, outermost first: errors → logging → retries (503 pod-starting, 429 on GETs) →
/// authentication → request budget → the transport (so each attempt of a retry takes its own token). The same handlers serve clients built by hand and through IHttpClientFactory.
/// </summary>
internal static class SocktHttpPipeline
{
    internal const string LoggerCategory = "Sockt.Http";

    /// <summary>The SDK handlers in order, outermost first, not yet linked to each other.</summary>
    internal static DelegatingHandler[] CreateHandlers(ClientSettings settings, RequestBudgets budgets)
    {
        var logger = settings.LoggerFactory.CreateLogger(LoggerCategory);
        return
        [
            new ErrorResponseHandler(settings.TimeProvider),
            new LoggingHandler(logger),
            new RetryHandler(settings.PodStartingMaxRetries, settings.PodStartingDelay, budgets, settings.MaxRetryAfter, settings.TimeProvider, logger),
            new AuthenticationHandler(),
            new RequestBudgetHandler(budgets),
        ];
    }

    /// <summary>
    /// Two <see cref="HttpClient"/>s running the same SDK handlers over <paramref name="transport"/>: one with
    /// <see cref="ComputeClientOptions.Timeout"/> as HttpClient.Timeout (it owns the handlers), and one without, for
    /// file uploads, which time their inactivity instead of their whole duration.
    /// </summary>
    internal static (HttpClient Timed, HttpClient Untimed) CreateHttpClients(ClientSettings settings, RequestBudgets budgets, HttpMessageHandler transport)
    {
        var handlers = CreateHandlers(settings, budgets);
        for (var i = 0; i < handlers.Length; i++)
        {
            handlers[i].InnerHandler = i + 1 < handlers.Length ? handlers[i + 1] : transport;
        }

        var timed = new HttpClient(handlers[0], disposeHandler: true)
        {
            BaseAddress = settings.BaseUrl,
            Timeout = settings.Timeout,
        };
        var untimed = new HttpClient(handlers[0], disposeHandler: false)
        {
            BaseAddress = settings.BaseUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return (timed, untimed);
    }

    /// <summary>
    /// The default transport: pooled connections recycled every few minutes so DNS changes are seen; redirects are
    /// not followed (the API never redirects, and a followed redirect could carry the request elsewhere).
    /// </summary>
    internal static HttpMessageHandler CreateDefaultTransport() => new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
        AllowAutoRedirect = false,
    };

    /// <summary>Turns off redirects on IHttpClientFactory's primary handler, whichever of the two standard ones it is.</summary>
    internal static void DisableRedirects(HttpMessageHandler primary)
    {
        switch (primary)
        {
            case SocketsHttpHandler sockets:
                sockets.AllowAutoRedirect = false;
                break;
            case HttpClientHandler client:
                client.AllowAutoRedirect = false;
                break;
        }
    }
}
