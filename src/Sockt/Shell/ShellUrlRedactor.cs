namespace Sockt;

/// <summary>
/// Makes shell URLs safe to show. The hosted service's shell URL is opaque and may embed a ticket or token
/// (in the query, the user-info part or a path segment), so messages, logs and ToString only ever use this form.
/// </summary>
internal static class ShellUrlRedactor
{
    private const string Redacted = "<redacted>";

    internal static string Redact(Uri? url)
    {
        if (url is null)
        {
            return "(none)";
        }

        if (!url.IsAbsoluteUri)
        {
            return Redacted;
        }

        var segments = url.AbsolutePath.Split('/').Select(RedactSegment);
        var query = string.IsNullOrEmpty(url.Query) ? string.Empty : "?" + Redacted;
        return $"{url.Scheme}://{url.Authority}{string.Join('/', segments)}{query}";
    }

    private static string RedactSegment(string segment) =>
        LooksLikeSecret(segment) ? Redacted : segment;

    private static bool LooksLikeSecret(string segment) =>
        segment.StartsWith("sbx_", StringComparison.OrdinalIgnoreCase)
        || segment.StartsWith("sockt_", StringComparison.OrdinalIgnoreCase)
        || segment.Contains("token", StringComparison.OrdinalIgnoreCase)
        || segment.Contains("ticket", StringComparison.OrdinalIgnoreCase);
}
