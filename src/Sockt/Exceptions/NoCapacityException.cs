namespace Sockt;

/// <summary>No pod is free for the requested tier (HTTP 503 <c>no_capacity</c>); try again later or another tier.</summary>
public class NoCapacityException : SocktException
{
    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public NoCapacityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception describing an API error response.</summary>
    /// <param name="message">Human-readable description.</param>
    /// <param name="statusCode">HTTP status code.</param>
    /// <param name="slug">Machine-readable error code, when sent.</param>
    /// <param name="hint">The service's advice, when sent.</param>
    /// <param name="rawBody">The response body, truncated and scrubbed of secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NoCapacityException(string message, int? statusCode, string? slug = null, string? hint = null, string? rawBody = null, Exception? innerException = null)
        : base(message, statusCode, slug, hint, rawBody, innerException)
    {
    }
}
