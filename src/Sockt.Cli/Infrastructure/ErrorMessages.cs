using System.Text.Json;

namespace Sockt.Cli.Infrastructure;

/// <summary>Turns a failure into the one line printed after <c>Error: </c>.</summary>
internal static class ErrorMessages
{
    /// <summary>The message for <paramref name="exception"/>, or null when it is not a failure the CLI expects.</summary>
    public static string? Describe(Exception exception, CliCredential credential) => exception switch
    {
        SocktException { StatusCode: int status } e => Api(e, status, credential),
        SocktException e => e.Message,
        CliException e => e.Message,
        // Bad arguments the SDK rejects before sending anything, and local files.
        ArgumentException e => e.Message,
        IOException e => e.Message,
        UnauthorizedAccessException e => e.Message,
        _ => null,
    };

    private static string Api(SocktException e, int status, CliCredential credential)
    {
        // Same start as the official CLI ("API error (401): ..."), so scripts grepping for it keep working; then the
        // service's own words (the SDK's message also names the request, which is noise on a command line).
        var (slug, message) = Envelope(e.RawBody);
        slug ??= e.Slug;
        message ??= e.Message;
        var text = $"API error ({status}): " + (string.IsNullOrEmpty(slug) || message.StartsWith(slug, StringComparison.Ordinal) ? message : slug + ": " + message);
        if (status is 401 or 403)
        {
            text += $" (sent {credential.Description})";
        }

        return string.IsNullOrEmpty(e.Hint) ? text : text + Environment.NewLine + "Hint: " + e.Hint;
    }

    private static (string? Slug, string? Message) Envelope(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? (Text(root, "code") ?? Text(root, "error"), Text(root, "message") ?? Text(root, "error"))
                : (null, null);
        }
        catch (JsonException)
        {
            // A plain-text body (the 429 rate limit) is the message itself.
            return (null, body.Trim());
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
