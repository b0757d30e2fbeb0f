using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Http;

/// <summary>
/// The <c>/v1</c> rate limits: requests per minute per known credential, and per client address for everything else
/// (no credential, or one the emulator does not know: made-up bearer strings share their address's window); on top,
/// sandbox creates without an API key (anonymous Lightning creates) per client address.
/// </summary>
internal static class RateLimits
{
    public static void Configure(RateLimiterOptions limiter, SocktEmulatorOptions options)
    {
        var perCaller = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            options.RateLimitPerMinute <= 0 || !context.Request.Path.StartsWithSegments("/v1")
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : FixedWindow(CallerPartition(context), options.RateLimitPerMinute));
        var anonymousCreates = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            options.AnonymousCreatesPerMinute <= 0 || !IsAnonymousCreate(context)
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : FixedWindow("create:" + context.Connection.RemoteIpAddress, options.AnonymousCreatesPerMinute));
        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(perCaller, anonymousCreates);
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            // Documented quirk: the rate limit answers plain text, not the JSON envelope.
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("rate limited", cancellationToken);
        };
    }

    private static RateLimitPartition<string> FixedWindow(string partition, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(partition, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    /// <summary>A window per known credential; anything else is counted against the client's address.</summary>
    private static string CallerPartition(HttpContext context)
    {
        var token = CredentialResolver.RawToken(context.Request);
        var sandboxes = context.RequestServices.GetRequiredService<SandboxManager>();
        return token is not null && (sandboxes.IsApiKey(token) || sandboxes.IsSandboxToken(token))
            ? "credential:" + token
            : "address:" + context.Connection.RemoteIpAddress;
    }

    /// <summary>A create that no API key vouches for: Lightning creates (credits creates without a key fail anyway).</summary>
    private static bool IsAnonymousCreate(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !string.Equals(context.Request.Path.Value?.TrimEnd('/'), "/v1/sandboxes", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var token = CredentialResolver.RawToken(context.Request);
        return token is null || !context.RequestServices.GetRequiredService<SandboxManager>().IsApiKey(token);
    }
}
