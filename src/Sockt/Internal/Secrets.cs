using System.Text.RegularExpressions;

namespace Sockt;

/// <summary>Keeps credentials out of messages, logs and ToString() output.</summary>
internal static partial class Secrets
{
    private const string Redacted = "***";

    /// <summary>Describes whether a credential is set without revealing it (keeps only its well-known prefix).</summary>
    internal static string Describe(string? credential)
    {
        if (string.IsNullOrEmpty(credential))
        {
            return "(not set)";
        }

        if (credential.StartsWith("sockt_live_", StringComparison.Ordinal))
        {
            return "sockt_live_" + Redacted;
        }

        return credential.StartsWith("sbx_", StringComparison.Ordinal) ? "sbx_" + Redacted : Redacted;
    }

    /// <summary>Replaces API keys, sandbox tokens and <c>sandbox_token=</c> query values in wire text.</summary>
    internal static string Scrub(string text, params string?[] knownSecrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = text;
        foreach (var secret in knownSecrets)
        {
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                result = result.Replace(secret, Redacted, StringComparison.Ordinal);
            }
        }

        result = ApiKeyPattern().Replace(result, "sockt_live_" + Redacted);
        result = SandboxTokenPattern().Replace(result, "sbx_" + Redacted);
        return TokenQueryPattern().Replace(result, "$1" + Redacted);
    }

    /// <summary>Truncates wire text for exception properties, then scrubs it.</summary>
    internal static string ScrubAndTruncate(string text, int maxLength, params string?[] knownSecrets)
    {
        // Scrub first: truncating first could cut a secret in half and leave the half unrecognised.
        var scrubbed = Scrub(text, knownSecrets);
        return scrubbed.Length > maxLength ? scrubbed[..maxLength] + "…" : scrubbed;
    }

    [GeneratedRegex(@"sockt_live_[A-Za-z0-9_\-]+")]
    private static partial Regex ApiKeyPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9])sbx_[A-Za-z0-9_\-]+")]
    private static partial Regex SandboxTokenPattern();

    [GeneratedRegex(@"((?:sandbox_token|token|api_key)=)[^&\s""']+", RegexOptions.IgnoreCase)]
    private static partial Regex TokenQueryPattern();
}
