namespace Sockt;

/// <summary>
/// Too many requests (HTTP 429): either the per-credential rate limit (300 requests a minute, answered in plain
/// text) or more than 10 concurrent executions (slug <c>too_many_executions</c>, see <see cref="IsTooManyExecutions"/>).
/// </summary>
public class RateLimitedException : SocktException
{
    /// <summary>The slug the service uses when more than 10 executions run at once for one credential.</summary>
    public const string TooManyExecutionsSlug = "too_many_executions";

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public RateLimitedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception describing a 429 response.</summary>
    /// <param name="message">Human-readable description.</param>
    /// <param name="statusCode">HTTP status code (429).</param>
    /// <param name="slug">Machine-readable error code, when sent.</param>
    /// <param name="hint">The service's advice, when sent.</param>
    /// <param name="rawBody">The response body, truncated and scrubbed of secrets.</param>
    /// <param name="retryAfter">How long the service asked to wait (the <c>Retry-After</c> header), when sent.</param>
    /// <param name="innerException">The cause, if any.</param>
    public RateLimitedException(string message, int? statusCode, string? slug = null, string? hint = null, string? rawBody = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, statusCode, slug, hint, rawBody, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the service asked to wait before retrying (<c>Retry-After</c>), when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// <see langword="true"/> when the limit hit is the 10 concurrent executions per credential rather than the
    /// request rate: wait for running executions to finish or cancel them.
    /// </summary>
    public bool IsTooManyExecutions => string.Equals(Slug, TooManyExecutionsSlug, StringComparison.OrdinalIgnoreCase);
}
