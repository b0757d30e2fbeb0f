using System.Text;
using System.Net;

namespace Sockt.Emulator.Dashboard;

/// <summary>
/// Writes the dashboard's pages: a login form, and the page around the live sandbox list
/// (<see cref="SandboxListHtml"/>). Every value is HTML-encoded; scripts and styles come from files (no inline script),
/// so the page's Content-Security-Policy allows only the emulator's own.
/// </summary>
internal static class DashboardHtml
{
    /// <summary>
    /// Only this origin's scripts, styles (xterm.js adds style elements of its own), images, form targets and
    /// connections (the terminal's WebSocket); no framing.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>Encodes text for an element or a quoted attribute (&lt; &gt; &amp; " ' and more), leaving the rest readable.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string LoginPage(string? error) => Document("Sign in", $"""
        <main class="login">
          <h1>Sockt emulator</h1>
          <form method="post" action="/dashboard/login" class="login-form">
            <label for="admin_key">Admin key</label>
            <input id="admin_key" name="admin_key" type="password" autocomplete="off" required autofocus>
            <button type="submit">Sign in</button>
          </form>
          {(error is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(error)}</p>")}
          <p class="hint">The emulator prints its admin key at start (<code>Admin key:</code>); embedded, it is <code>SocktEmulator.AdminKey</code>.</p>
        </main>
        """);

    public static string DashboardPage(DashboardSession session, string sandboxList, string isolation) => Document("Dashboard", $"""
        <header class="top">
          <h1>Sockt emulator</h1>
          <span class="isolation">isolation: {Encode(isolation)}</span>
          <form method="post" action="/dashboard/logout">
            <input type="hidden" name="csrf" value="{Encode(session.CsrfToken)}">
            <button type="submit" class="sign-out">Sign out</button>
          </form>
        </header>
        <main>
          <p id="status" role="status"></p>
          <section id="sandboxes" data-refresh="/dashboard/sandboxes">{sandboxList}</section>
          <section id="terminal-panel" hidden>
            <header><h2>Terminal: <span id="terminal-title"></span></h2><button type="button" id="terminal-close">Close</button></header>
            <div id="terminal"></div>
          </section>
        </main>
        <script src="/dashboard/static/xterm.js"></script>
        <script src="/dashboard/static/addon-fit.js"></script>
        <script src="/dashboard/static/sockt-terminal.js"></script>
        <script src="/dashboard/static/dashboard.js"></script>
        """);

    /// <summary>Writes an HTML answer that no cache keeps and no other page frames.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string html)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = bytes.Length;
        SetHeaders(response);
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>The headers every dashboard answer carries.</summary>
    public static void SetHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        // Not no-referrer: under it a browser sends "Origin: null" with the page's own form posts, which the origin check refuses.
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    private static string Document(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{Encode(title)} · Sockt emulator</title>
          <link rel="stylesheet" href="/dashboard/static/xterm.css">
          <link rel="stylesheet" href="/dashboard/static/dashboard.css">
        </head>
        <body>
        {body}
        </body>
        </html>
        """;
}
