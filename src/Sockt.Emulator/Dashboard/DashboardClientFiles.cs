namespace Sockt.Emulator.Dashboard;

/// <summary>
/// The dashboard's static files, embedded in the assembly (Sockt.Emulator.csproj): its own script and style, and the
/// browser terminal client shared with Sockt.AspNetCore (src/Web/terminal: sockt-terminal.js, xterm.js, its fit addon
/// and their licenses). Only these names are served, to anyone who reaches the emulator: none of them is a secret.
/// </summary>
internal static class DashboardClientFiles
{
    private const string ResourcePrefix = "Sockt.Emulator.Dashboard.Client.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["sockt-terminal.js"] = "text/javascript; charset=utf-8",
        ["xterm.js"] = "text/javascript; charset=utf-8",
        ["addon-fit.js"] = "text/javascript; charset=utf-8",
        ["xterm.css"] = "text/css; charset=utf-8",
        ["xterm.LICENSE.txt"] = "text/plain; charset=utf-8",
        ["addon-fit.LICENSE.txt"] = "text/plain; charset=utf-8",
    };

    /// <summary>Serves one file, or 404 with the envelope.</summary>
    public static async Task ServeAsync(HttpContext context, string file)
    {
        await using var stream = ContentTypes.ContainsKey(file)
            ? typeof(DashboardClientFiles).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            : null;
        if (stream is null)
        {
            throw Http.ApiException.NotFound("no such dashboard file");
        }

        context.Response.ContentType = ContentTypes[file];
        context.Response.ContentLength = stream.Length;
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
