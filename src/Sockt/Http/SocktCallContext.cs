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

    private readonly string? _apiKey;
    private readonly string? _sandboxToken;
    private string?[]? _secrets;
    private int _prepaidTokens;

    /// <param name="credential">The credential of this call (its Bearer and header).</param>
    /// <param name="apiKey">The client's API key (a secret to scrub, whether sent or not).</param>
    /// <param name="sandboxToken">The client's sandbox token (likewise).</param>
    internal SocktCallContext(Internal.SocktCredential credential, string? apiKey, string? sandboxToken)
    {
        Credential = credential.Bearer;
        Authorization = credential.Authorization;
        _apiKey = apiKey;
        _sandboxToken = sandboxToken;
    }

    /// <summary>The context of the call running on this async flow, if any.</summary>
    internal static SocktCallContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }

    /// <summary>Bearer credential (sandbox token or API key), or <see langword="null"/> for an anonymous call.</summary>
    internal string? Credential { get; }

    /// <summary>The <c>Authorization</c> header for <see cref="Credential"/>, or <see langword="null"/> for an anonymous call.</summary>
    internal System.Net.Http.Headers.AuthenticationHeaderValue? Authorization { get; }

    /// <summary>
    /// Every credential known to the caller, scrubbed from any wire text put into exceptions. Made on first use: only
    /// failures need it, and a successful call should not pay for it.
    /// </summary>
    internal string?[] Secrets => _secrets ??= new[] { _apiKey, _sandboxToken, Credential }.Where(s => !string.IsNullOrEmpty(s)).ToArray();

    /// <summary>The body of the last successful response of this call (set by <see cref="ErrorResponseHandler"/>).</summary>
    internal string? LastResponseBody { get; set; }

    /// <summary>
    /// Records that the call took its first request-budget token before entering the HttpClient (so the wait was not
    /// part of HttpClient.Timeout); <see cref="RequestBudgetHandler"/> then lets the first attempt through without one.
    /// </summary>
    internal void MarkTokenPrepaid() => _prepaidTokens = 1;

    /// <summary>Uses up the token <see cref="MarkTokenPrepaid"/> recorded: true once, for the first attempt.</summary>
    internal bool TakePrepaidToken() => _prepaidTokens != 0 && Interlocked.Exchange(ref _prepaidTokens, 0) != 0;

    /// <summary>Whether the handler should keep a copy of the success body in <see cref="LastResponseBody"/>.</summary>
    internal bool CaptureResponseBody { get; init; }
}
