namespace Sockt;

/// <summary>
/// Base type of every error the Sockt SDK raises on purpose: API errors (with <see cref="StatusCode"/>),
/// unreadable responses, unreachable service and sandboxes that never reached <c>running</c>.
/// </summary>
/// <remarks>
/// Messages and <see cref="RawBody"/> never contain API keys or sandbox tokens: any text that came from the
/// wire is scrubbed of <c>sockt_live_…</c> and <c>sbx_…</c> values before it is stored.
/// </remarks>
public class SocktException : Exception
{
    /// <summary>Creates an exception with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public SocktException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another one.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SocktException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception describing an API error response.</summary>
    /// <param name="message">Human-readable description (the envelope's <c>message</c>, or the body text).</param>
    /// <param name="statusCode">HTTP status code, or <see langword="null"/> when no response was received.</param>
    /// <param name="slug">Machine-readable error code (the envelope's <c>code</c>), when sent.</param>
    /// <param name="hint">The service's advice on what to do, when sent.</param>
    /// <param name="rawBody">The response body, truncated and scrubbed of secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public SocktException(string message, int? statusCode, string? slug = null, string? hint = null, string? rawBody = null, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        Slug = slug;
        Hint = hint;
        RawBody = rawBody;
    }

    /// <summary>Machine-readable error code such as <c>not_found</c> or <c>no_capacity</c>, when the service sent one.</summary>
    public string? Slug { get; }

    /// <summary>HTTP status code of the failed response; <see langword="null"/> when no response was received.</summary>
    public int? StatusCode { get; }

    /// <summary>The service's advice on how to fix the problem, when it sent one.</summary>
    public string? Hint { get; }

    /// <summary>The response body (at most a few kilobytes), with secrets removed; <see langword="null"/> when there was none.</summary>
    public string? RawBody { get; }
}
