using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sockt.AspNetCore;

namespace Sockt.Web.Tests;

/// <summary>
/// The app under test: a page with the terminal, the client files and the terminal endpoint, whose authorization lets
/// only the users it knows in (<c>?user=demo</c>), each to their own sandbox. It listens on 127.0.0.1 (its origin) and on 127.0.0.2, which a browser treats as
/// another site: a page served there plays the foreign page in the origin tests.
/// </summary>
internal static class TerminalTestApp
{
    public const string Page = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>terminal under test</title>
          <link rel="stylesheet" href="/sockt/xterm.css">
          <style> html, body { height: 100%; margin: 0; } #terminal { position: absolute; inset: 0; } </style>
        </head>
        <body>
          <div id="terminal"></div>
          <script src="/sockt/xterm.js"></script>
          <script src="/sockt/addon-fit.js"></script>
          <script src="/sockt/sockt-terminal.js"></script>
          <script>
            window.socktOpened = false;
            window.socktTerminal = SocktTerminal.attach(document.getElementById("terminal"), { url: "/terminal" + location.search });
            window.socktTerminal.socket.addEventListener("open", () => { window.socktOpened = true; });
          </script>
        </body>
        </html>
        """;

    public static WebApplication Create(IReadOnlyDictionary<string, Sandbox> sandboxesByUser)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://127.0.0.2:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        app.MapSocktTerminalClient("/sockt");
        app.MapSocktTerminal("/terminal", new SocktTerminalOptions
        {
            ResolveSandbox = (context, _) => ValueTask.FromResult(sandboxesByUser.GetValueOrDefault(context.Request.Query["user"].ToString())),
        });
        return app;
    }
}
