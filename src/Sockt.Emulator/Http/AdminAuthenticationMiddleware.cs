using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Http;

/// <summary>
/// Guards the admin API (<c>/_emulator/*</c>: billing clock, credits, invoice payment, faults, inspection). Only
/// <c>Authorization: Bearer &lt;admin key&gt;</c> passes; a user's API key or a sandbox token is refused with 403,
/// anything else with 401, both with the error envelope. The admin key is never a user credential, so code that
/// holds a user key (or runs inside a sandbox) cannot pay its own invoices or drain other accounts.
/// </summary>
internal sealed class AdminAuthenticationMiddleware(RequestDelegate next, SandboxManager sandboxes, string adminKey)
{
    /// <summary>The admin API's path prefix (matched case-insensitively, as routing does).</summary>
    public const string Prefix = "/_emulator";

    private const string Hint = "Send Authorization: Bearer <admin key> (the emulator prints it at start as 'Admin key:'; embedded: SocktEmulator.AdminKey)";

    private readonly byte[] expected = Encoding.UTF8.GetBytes(adminKey);

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            Authorize(context.Request);
        }

        return next(context);
    }

    private void Authorize(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiException(StatusCodes.Status401Unauthorized, "unauthorized", "the admin API needs the admin key", Hint);
        }

        var presented = header["Bearer ".Length..].Trim();
        if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected))
        {
            return;
        }

        if (sandboxes.IsApiKey(presented) || sandboxes.IsSandboxToken(presented))
        {
            throw ApiException.Forbidden("API keys and sandbox tokens cannot use the admin API", Hint);
        }

        throw new ApiException(StatusCodes.Status401Unauthorized, "unauthorized", "invalid admin key", Hint);
    }
}
