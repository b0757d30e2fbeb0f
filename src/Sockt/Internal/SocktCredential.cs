namespace Sockt.Internal;

/// <summary>The credential of one call: sent as Bearer, and a sandbox token also as <c>?sandbox_token=</c> where the API takes it.</summary>
internal sealed record SocktCredential(string? Bearer, bool IsSandboxToken)
{
    internal static readonly SocktCredential Anonymous = new(null, false);

    private System.Net.Http.Headers.AuthenticationHeaderValue? _authorization;

    /// <summary>The value for the <c>sandbox_token</c> query parameter (only ever a sandbox token, never an API key).</summary>
    internal string? QueryToken => IsSandboxToken ? Bearer : null;

    /// <summary>
    /// <c>Authorization: Bearer …</c>, made once per credential (the header value is immutable and, as with
    /// HttpClient.DefaultRequestHeaders, shared by the requests); null for an anonymous call.
    /// </summary>
    internal System.Net.Http.Headers.AuthenticationHeaderValue? Authorization =>
        string.IsNullOrEmpty(Bearer) ? null : _authorization ??= new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Bearer);

    /// <summary>Redacted, so that a record's generated ToString cannot leak the token.</summary>
    public override string ToString() => $"SocktCredential({Secrets.Describe(Bearer)})";
}
