using Microsoft.Net.Http.Headers;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Http;

/// <summary>
/// Finds the caller's credential: <c>Authorization: Bearer</c> first, then the <c>sandbox_token</c> query
/// parameter, then a <c>sandbox_token</c> body field (exec and terminate bodies).
/// </summary>
internal static class CredentialResolver
{
    /// <summary>The raw credential string of a request (for rate-limit partitions); null when there is none.</summary>
    public static string? RawToken(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            return token.Length == 0 ? null : token;
        }

        var query = request.Query["sandbox_token"].ToString();
        return query.Length == 0 ? null : query;
    }

    public static Credential Authenticate(HttpContext context, SandboxManager sandboxes, string? bodyToken = null)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.Length > 0 && !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.Unauthorized("unsupported Authorization scheme; use Bearer");
        }

        var token = RawToken(context.Request) ?? (string.IsNullOrEmpty(bodyToken) ? null : bodyToken);
        if (token is null)
        {
            throw ApiException.Unauthorized("missing credentials");
        }

        if (sandboxes.IsApiKey(token))
        {
            return Credential.ApiKey(token);
        }

        if (sandboxes.IsSandboxToken(token))
        {
            return Credential.SandboxToken(token);
        }

        throw ApiException.Unauthorized("invalid API key or sandbox token");
    }
}
