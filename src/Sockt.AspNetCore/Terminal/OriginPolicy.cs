using Microsoft.AspNetCore.Http;

namespace Sockt.AspNetCore.Terminal;

/// <summary>
/// Which web pages may open a terminal. Browsers send <c>Origin</c> with every WebSocket request and a page cannot
/// forge it, so checking it keeps another site from driving a signed-in user's terminal (cross-site WebSocket hijacking).
/// </summary>
internal static class OriginPolicy
{
    public static bool IsAllowed(HttpRequest request, IList<string> allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || !Uri.TryCreate(origin, UriKind.Absolute, out var originUrl))
        {
            return false;
        }

        if (allowedOrigins.Count == 0)
        {
            // Same origin: the page was served by this app, at the scheme and host the browser used for the request.
            return string.Equals(originUrl.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(originUrl.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
        }

        return allowedOrigins.Any(allowed =>
            Uri.TryCreate(allowed, UriKind.Absolute, out var allowedUrl)
            && string.Equals(allowedUrl.Scheme, originUrl.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(allowedUrl.Authority, originUrl.Authority, StringComparison.OrdinalIgnoreCase));
    }
}
