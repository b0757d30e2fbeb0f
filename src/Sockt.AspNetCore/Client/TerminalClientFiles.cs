using Microsoft.AspNetCore.Http;

namespace Sockt.AspNetCore.Client;

/// <summary>
/// The browser client's files, embedded in this assembly (Sockt.AspNetCore.csproj): sockt-terminal.js, and xterm.js
/// with its fit addon and licenses, which the build copies from npm. Only these names are served.
/// </summary>
internal static class TerminalClientFiles
{
    private const string ResourcePrefix = "Sockt.AspNetCore.Client.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["sockt-terminal.js"] = "text/javascript; charset=utf-8",
        ["xterm.js"] = "text/javascript; charset=utf-8",
        ["addon-fit.js"] = "text/javascript; charset=utf-8",
        ["xterm.css"] = "text/css; charset=utf-8",
        ["xterm.LICENSE.txt"] = "text/plain; charset=utf-8",
        ["addon-fit.LICENSE.txt"] = "text/plain; charset=utf-8",
    };

    public static async Task ServeAsync(HttpContext context, string file)
    {
        var stream = ContentTypes.ContainsKey(file)
            ? typeof(TerminalClientFiles).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            : null;
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using (stream.ConfigureAwait(false))
        {
            context.Response.ContentType = ContentTypes[file];
            context.Response.ContentLength = stream.Length;
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers.XContentTypeOptions = "nosniff";
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
