namespace Sockt;

/// <summary>The credits or Lightning balance is insufficient (HTTP 402): top up, or pay the pending invoice.</summary>
public class TopUpFailedException : SocktException
{
    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public TopUpFailedException(string message)
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
    public TopUpFailedException(string message, int? statusCode, string? slug = null, string? hint = null, string? rawBody = null, Exception? innerException = null)
        : base(message, statusCode, slug, hint, rawBody, innerException)
    {
    }
}
