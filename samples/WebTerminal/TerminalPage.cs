namespace Sockt.Samples.WebTerminal;

/// <summary>
/// The page: xterm.js and sockt-terminal.js from MapSocktTerminalClient, connected to /terminal. tests/Sockt.Web.Tests
/// serves this same page to Chromium.
/// </summary>
internal static class TerminalPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Sockt web terminal</title>
          <link rel="stylesheet" href="/sockt/xterm.css">
          <style>
            html, body { height: 100%; margin: 0; background: #1e1e1e; }
            #terminal { position: absolute; inset: 0; padding: 4px; }
          </style>
        </head>
        <body>
          <div id="terminal"></div>
          <script src="/sockt/xterm.js"></script>
          <script src="/sockt/addon-fit.js"></script>
          <script src="/sockt/sockt-terminal.js"></script>
          <script>
            // The page's query string goes along: an app may read from it which of the user's sandboxes to open.
            window.socktTerminal = SocktTerminal.attach(document.getElementById("terminal"), { url: "/terminal" + location.search });
          </script>
        </body>
        </html>
        """;
}
