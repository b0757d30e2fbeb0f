using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sockt.AspNetCore.Client;
using Sockt.AspNetCore.Terminal;

namespace Sockt.AspNetCore;

/// <summary>Maps the browser terminal's endpoints into an ASP.NET Core app.</summary>
public static class SocktTerminalEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps a WebSocket endpoint at <paramref name="pattern"/> that bridges a browser's terminal to the shell of the
    /// sandbox that <see cref="SocktTerminalOptions.ResolveSandbox"/> picks for the request. The browser speaks the
    /// small JSON protocol of docs/web-terminal.md (sockt-terminal.js implements it); the Sockt API key and sandbox
    /// token stay on the server.
    /// </summary>
    /// <param name="endpoints">The app's endpoint builder (for example the <c>WebApplication</c>).</param>
    /// <param name="pattern">The route pattern, for example <c>/terminal</c> or <c>/sandboxes/{id}/terminal</c>.</param>
    /// <param name="options">Who may reach which sandbox, and from which pages; the default refuses everyone.</param>
    /// <returns>The endpoint's convention builder (add authorization policies or rate limits to it as usual).</returns>
    /// <remarks>
    /// Refused requests get an HTTP error before any WebSocket is opened: 400 for a request that is not a WebSocket
    /// upgrade, 403 for a foreign or missing <c>Origin</c> and for a request <see cref="SocktTerminalOptions.ResolveSandbox"/>
    /// denies, 502 when the sandbox's shell cannot be opened. The endpoint handles the WebSocket upgrade itself, so
    /// <c>app.UseWebSockets()</c> is not needed.
    /// </remarks>
    public static IEndpointConventionBuilder MapSocktTerminal(this IEndpointRouteBuilder endpoints, string pattern, SocktTerminalOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(options);

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Sockt.AspNetCore.SocktTerminal");
        var endpoint = new SocktTerminalEndpoint(options, logger);
        // The WebSocket middleware runs only for this endpoint, so the app's pipeline needs no change.
        var pipeline = endpoints.CreateApplicationBuilder();
        pipeline.UseWebSockets();
        pipeline.Run(endpoint.HandleAsync);
        return endpoints.Map(pattern, pipeline.Build());
    }

    /// <summary>
    /// Serves the browser client under <paramref name="prefix"/>: <c>sockt-terminal.js</c>, and the xterm.js files it
    /// needs (<c>xterm.js</c>, <c>xterm.css</c>, <c>addon-fit.js</c> and their licenses), all from this assembly.
    /// </summary>
    /// <param name="endpoints">The app's endpoint builder.</param>
    /// <param name="prefix">The URL folder, for example <c>/sockt</c> (then the page loads <c>/sockt/sockt-terminal.js</c>).</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapSocktTerminalClient(this IEndpointRouteBuilder endpoints, string prefix = "/sockt")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        return endpoints.MapGet(prefix.TrimEnd('/') + "/{file}", TerminalClientFiles.ServeAsync);
    }
}
