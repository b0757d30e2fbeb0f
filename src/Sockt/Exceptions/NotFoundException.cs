namespace Sockt;

/// <summary>
/// The sandbox, execution or file does not exist, or no longer does (HTTP 404). An <see cref="ApiException"/>, so code
/// that catches every API error still catches it.
/// </summary>
public class NotFoundException : ApiException
{
    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">What went wrong.</param>
    public NotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception describing a 404 response.</summary>
    /// <param name="message">Human-readable description.</param>
    /// <param name="statusCode">HTTP status code (404).</param>
    /// <param name="slug">Machine-readable error code, when sent (for example <c>not_found</c>).</param>
    /// <param name="hint">The service's advice, when sent.</param>
    /// <param name="rawBody">The response body, truncated and scrubbed of secrets.</param>
    /// <param name="innerException">The cause, if any.</param>
    public NotFoundException(string message, int? statusCode, string? slug = null, string? hint = null, string? rawBody = null, Exception? innerException = null)
        : base(message, statusCode, slug, hint, rawBody, innerException)
    {
    }
}
