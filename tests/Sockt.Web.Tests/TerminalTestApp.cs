using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sockt.AspNetCore;
using Sockt.Samples.WebTerminal;

namespace Sockt.Web.Tests;

/// <summary>
/// The app under test: samples/WebTerminal's page (the same file, linked), the client files and the terminal endpoint, whose authorization lets
/// only the users it knows in (<c>?user=demo</c>), each to their own sandbox. It listens on 127.0.0.1 (its origin) and on 127.0.0.2, which a browser treats as
/// another site: a page served there plays the foreign page in the origin tests.
/// </summary>
internal static class TerminalTestApp
{
    public static WebApplication Create(IReadOnlyDictionary<string, Sandbox> sandboxesByUser)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://127.0.0.2:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(TerminalPage.Html, "text/html; charset=utf-8"));
        app.MapSocktTerminalClient("/sockt");
        app.MapSocktTerminal("/terminal", new SocktTerminalOptions
        {
            ResolveSandbox = (context, _) => ValueTask.FromResult(sandboxesByUser.GetValueOrDefault(context.Request.Query["user"].ToString())),
        });
        return app;
    }
}
