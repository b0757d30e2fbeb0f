using System.Globalization;
using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary>
/// Turns what the SDK throws into a tool result the model can act on: a <see cref="SocktToolErrors"/> code, the
/// service's message and hint, and one sentence on what to do next.
/// </summary>
internal static class ToolFailures
{
    public static ToolResult FromException(Exception exception) => exception switch
    {
        SandboxNotRunningException e => ToolResult.Failure(SocktToolErrors.SandboxNotRunning,
            Join(e.Message, "The sandbox is not running; create a new one if you need one.")),
        RateLimitedException e => ToolResult.Failure(SocktToolErrors.RateLimited,
            Join(e.Message, e.Hint, "Wait and retry; run fewer commands at once."),
            e.RetryAfter is { } after ? new JsonObject { ["retry_after_seconds"] = Math.Ceiling(after.TotalSeconds) } : null),
        SocktException { StatusCode: null, InnerException: HttpRequestException or TimeoutException or OperationCanceledException } => ToolResult.Failure(SocktToolErrors.Unreachable,
            "The Sockt service could not be reached or did not answer in time. Retry in a moment; if it keeps failing, tell the user."),
        SocktException e => FromServiceError(e),
        HttpRequestException => ToolResult.Failure(SocktToolErrors.Unreachable,
            "The Sockt service could not be reached. Retry in a moment; if it keeps failing, tell the user."),
        TimeoutException or OperationCanceledException => ToolResult.Failure(SocktToolErrors.Unreachable,
            "The Sockt service did not answer in time. Retry in a moment; if it keeps failing, tell the user."),
        ArgumentException e => ToolResult.Failure(SocktToolErrors.InvalidArguments, e.Message),
        _ => ToolResult.Failure(SocktToolErrors.ApiError, $"The tool failed unexpectedly ({exception.GetType().Name}). Tell the user."),
    };

    private static ToolResult FromServiceError(SocktException e)
    {
        var text = $"{e.Message} {e.Hint}";
        var details = new JsonObject { ["status_code"] = e.StatusCode, ["slug"] = e.Slug };
        return e.StatusCode switch
        {
            409 when Mentions(text, "out of balance") || Mentions(text, "insufficient credits") => ToolResult.Failure(SocktToolErrors.OutOfBalance,
                Join(e.Message, "The sandbox is paused because its balance ran out; it can do nothing until the user tops it up. Tell the user."), details),
            409 when Mentions(text, "paused") => ToolResult.Failure(SocktToolErrors.SandboxPaused,
                Join(e.Message, "The sandbox is paused: it keeps its files but cannot run commands or touch files until it is resumed. Tell the user, or create a new sandbox."), details),
            409 => ToolResult.Failure(SocktToolErrors.SandboxNotRunning,
                Join(e.Message, e.Hint, "The sandbox is not running; check it with sandbox_status or create a new one."), details),
            402 => ToolResult.Failure(SocktToolErrors.OutOfBalance,
                Join(e.Message, "The account has no balance left to pay for sandboxes. Tell the user to top it up."), details),
            404 => ToolResult.Failure(SocktToolErrors.NotFound,
                Join(e.Message, "Check the path (relative paths start at /home/sandbox; list_files shows what exists) or the sandbox_id."), details),
            400 or 413 or 422 => ToolResult.Failure(SocktToolErrors.InvalidRequest,
                Join(e.Message, e.Hint, "Paths must stay under /home/sandbox."), details),
            401 or 403 => ToolResult.Failure(SocktToolErrors.AuthenticationFailed,
                "The Sockt service refused the credentials these tools run with. The model cannot fix this; tell the user.", details),
            503 when string.Equals(e.Slug, "no_capacity", StringComparison.OrdinalIgnoreCase) => ToolResult.Failure(SocktToolErrors.NoCapacity,
                Join(e.Message, "This tier has no capacity right now; try another allowed tier or retry later."), details),
            >= 500 => ToolResult.Failure(SocktToolErrors.Unreachable,
                Join(e.Message, "The Sockt service had a problem; retry in a moment."), details),
            _ => ToolResult.Failure(SocktToolErrors.ApiError, Join(e.Message, e.Hint), details),
        };
    }

    private static bool Mentions(string text, string phrase) => text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    private static string Join(params string?[] parts) =>
        string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim().EndsWith('.') ? p.Trim() : p.Trim() + "."))
            .ToString(CultureInfo.InvariantCulture);
}
