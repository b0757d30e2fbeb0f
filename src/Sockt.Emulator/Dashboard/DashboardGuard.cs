using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Sockt.Emulator.Http;

namespace Sockt.Emulator.Dashboard;

/// <summary>
/// The dashboard's checks, on top of the emulator's own (Host 421, foreign Origin 403, no CORS). Its routes need a
/// session (<see cref="DashboardSessions"/>); every state-changing request (a POST, the terminal's WebSocket) must
/// come from the dashboard's own page (an <c>Origin</c> equal to the emulator's own origin: a browser always sends it
/// there and cannot forge it); and every POST after sign-in carries the session's anti-forgery token. Form bodies
/// (<c>application/x-www-form-urlencoded</c>, at most <see cref="MaxFormBytes"/>) are accepted on these routes only.
/// </summary>
internal static class DashboardGuard
{
    public const int MaxFormBytes = 8 * 1024;

    private const string SignInHint = "Open the emulator's root URL in a browser and sign in with the admin key";

    /// <summary>The request's live session, or null.</summary>
    public static DashboardSession? Session(HttpContext context) =>
        Sessions(context).Find(context.Request.Cookies[DashboardSessions.CookieName(context)]);

    /// <summary>The request's live session; 401 with the envelope without one.</summary>
    public static DashboardSession RequireSession(HttpContext context) =>
        Session(context) ?? throw new ApiException(StatusCodes.Status401Unauthorized, "unauthorized", "sign in to the dashboard first", SignInHint);

    /// <summary>
    /// 403 unless the request comes from a page of the emulator's own origin: the request's scheme, host and port,
    /// or the origin of <see cref="SocktEmulatorOptions.PublicUrl"/> (behind a proxy).
    /// </summary>
    public static void RequireOwnOrigin(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers[HeaderNames.Origin].ToString();
        var own = request.Scheme + "://" + request.Host.Value;
        var published = context.RequestServices.GetRequiredService<SocktEmulatorOptions>().PublicUrl?.GetLeftPart(UriPartial.Authority);
        if (!string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) && !string.Equals(origin, published, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.Forbidden("dashboard actions are accepted only from the dashboard's own page", SignInHint);
        }
    }

    /// <summary>Reads a small form body (415 for another content type, 413 when too large).</summary>
    public static async Task<Dictionary<string, StringValues>> ReadFormAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsForm(request.ContentType))
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "dashboard forms must be application/x-www-form-urlencoded", "Submit the dashboard's own form");
        }

        if (request.ContentLength > MaxFormBytes)
        {
            throw TooLarge();
        }

        var buffer = new byte[MaxFormBytes + 1];
        var length = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted)) > 0)
        {
            length += read;
            if (length > MaxFormBytes)
            {
                throw TooLarge();
            }
        }

        return QueryHelpers.ParseQuery("?" + Encoding.UTF8.GetString(buffer, 0, length));
    }

    /// <summary>403 unless the form carries the session's anti-forgery token.</summary>
    public static void RequireCsrfToken(DashboardSession session, Dictionary<string, StringValues> form)
    {
        var presented = form.TryGetValue("csrf", out var values) ? values.ToString() : "";
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(session.CsrfToken)))
        {
            throw ApiException.Forbidden("the form's anti-forgery token is missing or stale", "Reload the dashboard and try again");
        }
    }

    /// <summary>Whether a body of this type may reach the dashboard's routes (the emulator's JSON-only rule makes way for it there).</summary>
    public static bool IsForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        && (!parsed.Charset.HasValue || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    public static DashboardSessions Sessions(HttpContext context) => context.RequestServices.GetRequiredService<DashboardSessions>();

    private static ApiException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "dashboard form too large", $"Dashboard forms are at most {MaxFormBytes} bytes");
}
