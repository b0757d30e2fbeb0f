namespace Sockt.Http;

/// <summary>
/// Per-call data the facade hands to its HTTP handlers: the credential to send as Bearer (a sandbox carries its own
/// token, so it cannot be a client-wide header) and a box that receives the raw response body.
/// </summary>
/// <remarks>
/// It flows through an <see cref="AsyncLocal{T}"/>: the generated Refit interface has no per-call header parameter, and
/// the same pipeline serves clients built by hand and through IHttpClientFactory.
/// </remarks>
internal sealed class SocktCallContext
{
    private static readonly AsyncLocal<SocktCallContext?> CurrentContext = new();

    internal SocktCallContext(string? credential, IEnumerable<string?> secrets)
    {
        Credential = credential;
        Secrets = secrets.Where(s => !string.IsNullOrEmpty(s)).ToArray();
    }

    /// <summary>The context of the call running on this async flow, if any.</summary>
    internal static SocktCallContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }

    /// <summary>Bearer credential (sandbox token or API key), or <see langword="null"/> for an anonymous call.</summary>
    internal string? Credential { get; }

    /// <summary>Every credential known to the caller, scrubbed from any wire text put into exceptions.</summary>
    internal string?[] Secrets { get; }

    /// <summary>The body of the last successful response of this call (set by <see cref="ErrorResponseHandler"/>).</summary>
    internal string? LastResponseBody { get; set; }

    /// <summary>Whether the handler should keep a copy of the success body in <see cref="LastResponseBody"/>.</summary>
    internal bool CaptureResponseBody { get; init; }
}
