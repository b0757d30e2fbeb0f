using Microsoft.Net.Http.Headers;

namespace Sockt.Emulator.Http;

/// <summary>
/// Keeps web pages from driving the emulator. A page can make the browser send requests to 127.0.0.1 (CSRF) or
/// point its own domain at 127.0.0.1 (DNS rebinding), so: the <c>Host</c> must be a name the emulator serves
/// (loopback names and configured ones, else 421); an <c>Origin</c>, which only browsers send, must be one of those
/// too (else 403); and a request with a body must declare <c>Content-Type: application/json</c> (else 415), which a
/// cross-origin page cannot do without a CORS preflight, and the emulator answers no preflight. All with the envelope.
/// The dashboard's POST routes also take form bodies; they demand its session, its own origin and an anti-forgery token.
/// </summary>
internal sealed class BrowserGuardMiddleware(RequestDelegate next, ServedHosts hosts)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!hosts.Serves(request.Host.Host))
        {
            throw new ApiException(
                StatusCodes.Status421MisdirectedRequest,
                "invalid_host",
                "this emulator does not serve that Host",
                "Call it as 127.0.0.1 or localhost, or add the name with --allowed-host (SocktEmulatorOptions.AllowedHosts)");
        }

        var origin = request.Headers[HeaderNames.Origin].ToString();
        if (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var originUrl) && hosts.Serves(originUrl.Host)))
        {
            throw ApiException.Forbidden("requests from web pages of other origins are refused", "Call the emulator from your own code or tools, not from a web page");
        }

        // The dashboard's own forms (sign-in, buttons) are the one exception, on its routes only (DashboardGuard).
        if (HasBody(request) && !IsJson(request.ContentType) && !Dashboard.DashboardEndpoints.AcceptsForms(request))
        {
            throw new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                "unsupported_media_type",
                "request bodies must be JSON",
                "Send the body with Content-Type: application/json");
        }

        return next(context);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (!parsed.Charset.HasValue || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || parsed.Charset.Equals("\"utf-8\"", StringComparison.OrdinalIgnoreCase));
}
