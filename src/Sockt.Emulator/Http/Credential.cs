namespace Sockt.Emulator.Http;

/// <summary>The authenticated caller of a request: an API key or a Lightning sandbox token. Never printed.</summary>
internal sealed class Credential
{
    private Credential(bool isApiKey, string secret)
    {
        IsApiKey = isApiKey;
        Secret = secret;
    }

    public bool IsApiKey { get; }

    /// <summary>The key or token itself.</summary>
    public string Secret { get; }

    /// <summary>Identity used for execution ownership and per-credential limits.</summary>
    public string CallerKey => (IsApiKey ? "apikey:" : "token:") + Secret;

    public static Credential ApiKey(string key) => new(true, key);

    public static Credential SandboxToken(string token) => new(false, token);

    public override string ToString() => IsApiKey ? "API key (redacted)" : "sandbox token (redacted)";
}
