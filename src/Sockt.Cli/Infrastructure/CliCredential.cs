namespace Sockt.Cli.Infrastructure;

/// <summary>
/// The one credential a command sends, chosen as the official CLI does: <c>--token</c> &gt; <c>SOCKT_SANDBOX_TOKEN</c>
/// &gt; <c>SOCKT_API_KEY</c>. It knows where it came from, so errors can name it by kind without showing it.
/// </summary>
internal sealed class CliCredential
{
    private const string SandboxTokenVariable = "SOCKT_SANDBOX_TOKEN";
    private const string ApiKeyVariable = "SOCKT_API_KEY";

    private CliCredential(string? value, bool isSandboxToken, string source)
    {
        Value = value;
        IsSandboxToken = isSandboxToken;
        Source = source;
    }

    /// <summary>The secret, or null when none is configured (anonymous: tiers and Lightning create work without one).</summary>
    public string? Value { get; }

    /// <summary>True for an <c>sbx_</c> sandbox token, false for an API key.</summary>
    public bool IsSandboxToken { get; }

    /// <summary>Where the value came from: <c>--token</c> or the variable's name.</summary>
    public string Source { get; }

    /// <summary>Says which credential was sent, by kind and source, never its value.</summary>
    public string Description => Value is null
        ? "no credential (set SOCKT_API_KEY or SOCKT_SANDBOX_TOKEN, or pass --token)"
        : (IsSandboxToken ? "the sandbox token" : "the API key") + " from " + Source;

    /// <summary>Resolves the credential from the flag and the environment.</summary>
    public static CliCredential Resolve(string? flag)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            // The official CLI sends --token as it is; the SDK needs to know its kind (a sandbox token also travels
            // as ?sandbox_token=), and only sandbox tokens start with sbx_.
            return new CliCredential(flag.Trim(), flag.Trim().StartsWith("sbx_", StringComparison.Ordinal), "--token");
        }

        var token = Environment.GetEnvironmentVariable(SandboxTokenVariable);
        if (!string.IsNullOrWhiteSpace(token))
        {
            return new CliCredential(token.Trim(), true, SandboxTokenVariable);
        }

        var key = Environment.GetEnvironmentVariable(ApiKeyVariable);
        return !string.IsNullOrWhiteSpace(key)
            ? new CliCredential(key.Trim(), false, ApiKeyVariable)
            : new CliCredential(null, false, "nowhere");
    }

    /// <summary>Options for a client that sends exactly this credential.</summary>
    public ComputeClientOptions ToClientOptions()
    {
        // The SDK falls back to the SOCKT_* variables for whatever is not set; a --token must win over both, so the
        // CLI's own process forgets them once the choice is made (the flag's value is handed over explicitly).
        Environment.SetEnvironmentVariable(SandboxTokenVariable, null);
        Environment.SetEnvironmentVariable(ApiKeyVariable, null);
        return new ComputeClientOptions
        {
            ApiKey = IsSandboxToken ? null : Value,
            SandboxToken = IsSandboxToken ? Value : null,
        };
    }
}
