using System.Net;
using System.Text.Json;

namespace Sockt.Http;

/// <summary>
/// Turns an error response into the matching <see cref="SocktException"/> subtype. The body is read as the envelope
/// <c>{code, error, message, hint}</c> (keys matched case-insensitively) or, failing that, as plain text (the 429 rate
/// limit answers in plain text).
/// </summary>
internal static class SocktErrorMapper
{
    /// <summary>Longest body kept in <see cref="SocktException.RawBody"/>.</summary>
    internal const int MaxRawBodyLength = 2048;

    /// <summary>Longest plain-text body quoted in a message.</summary>
    private const int MaxMessageLength = 300;

    internal static SocktException Create(int statusCode, string? body, TimeSpan? retryAfter, string method, string path, IReadOnlyList<string?> secrets)
    {
        var envelope = TryParseEnvelope(body);
        var text = body?.Trim();
        var slug = envelope.Slug ?? SlugFromPlainText(envelope.IsJson ? null : text);
        var description = envelope.Message ?? envelope.Error ?? (envelope.IsJson ? null : text);
        if (string.IsNullOrWhiteSpace(description))
        {
            description = ReasonPhrase(statusCode);
        }

        var secretArray = secrets.ToArray();
        description = Secrets.ScrubAndTruncate(description, MaxMessageLength, secretArray);
        var hint = envelope.Hint is null ? null : Secrets.ScrubAndTruncate(envelope.Hint, MaxMessageLength, secretArray);
        var rawBody = string.IsNullOrEmpty(body) ? null : Secrets.ScrubAndTruncate(body, MaxRawBodyLength, secretArray);
        slug = slug is null ? null : Secrets.ScrubAndTruncate(slug, 100, secretArray);

        var message = statusCode is >= 300 and < 400
            ? $"Sockt API {method} {path} answered a redirect ({statusCode}). The Sockt API never redirects, so the SDK does not follow it and sends no credential elsewhere: check BaseUrl (for example http:// instead of https://, or a proxy)."
            : $"Sockt API {method} {path} failed with {statusCode}{(slug is null ? string.Empty : $" ({slug})")}: {description}";
        if (hint is not null)
        {
            message += $" Hint: {hint}";
        }

        return statusCode switch
        {
            401 or 403 => new AuthenticationException(message, statusCode, slug, hint, rawBody),
            402 => new TopUpFailedException(message, statusCode, slug, hint, rawBody),
            404 => new NotFoundException(message, statusCode, slug, hint, rawBody),
            429 => new RateLimitedException(message, statusCode, slug, hint, rawBody, retryAfter),
            502 => new HostUnreachableException(message, statusCode, slug, hint, rawBody),
            503 when IsNoCapacity(slug, body) => new NoCapacityException(message, statusCode, slug ?? "no_capacity", hint, rawBody),
            503 => new HostUnreachableException(message, statusCode, slug, hint, rawBody),
            _ => new ApiException(message, statusCode, slug, hint, rawBody),
        };
    }

    /// <summary>Whether a 503 body says the pod is still booting (the CLI's rule: it mentions "starting").</summary>
    internal static bool IsPodStarting(string? body) =>
        body is not null
        && (body.Contains("pod_starting", StringComparison.OrdinalIgnoreCase) || body.Contains("starting", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads <c>Retry-After</c> as a delay (seconds or a date).</summary>
    internal static TimeSpan? ReadRetryAfter(HttpResponseMessage response, TimeProvider timeProvider)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static bool IsNoCapacity(string? slug, string? body) =>
        string.Equals(slug, "no_capacity", StringComparison.OrdinalIgnoreCase)
        || (body is not null && (body.Contains("no_capacity", StringComparison.OrdinalIgnoreCase) || body.Contains("no capacity", StringComparison.OrdinalIgnoreCase)));

    /// <summary>A plain-text body that is a single slug-like word (for example <c>pod_starting</c>) is its own slug.</summary>
    private static string? SlugFromPlainText(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 64)
        {
            return null;
        }

        return text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_') && text.Contains('_') ? text : null;
    }

    private static string ReasonPhrase(int statusCode)
    {
        var name = Enum.IsDefined(typeof(HttpStatusCode), statusCode) ? ((HttpStatusCode)statusCode).ToString() : null;
        return name is null ? "no details were sent" : $"{name} (no details were sent)";
    }

    private static Envelope TryParseEnvelope(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body.TrimStart()[0] != '{')
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            string? code = null, error = null, message = null, hint = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                switch (property.Name.ToLowerInvariant())
                {
                    case "code": code = value; break;
                    case "error": error = value; break;
                    case "message": message = value; break;
                    case "hint": hint = value; break;
                }
            }

            // "error" is usually the slug too, but older responses put a sentence there.
            var slug = code ?? (error is not null && !error.Contains(' ', StringComparison.Ordinal) ? error : null);
            return new Envelope(true, slug, error, message, hint);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private readonly record struct Envelope(bool IsJson, string? Slug, string? Error, string? Message, string? Hint);
}
