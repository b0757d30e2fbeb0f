using System.Diagnostics;

namespace Sockt;

/// <summary>
/// Tracing facts: every public operation of the SDK starts one <see cref="Activity"/> (for example
/// <c>Sockt.Sandbox.Exec</c>) from the <see cref="ActivitySource"/> named <see cref="ActivitySourceName"/>, tagged
/// with <c>sandbox.id</c> / <c>execution.id</c> and, on failure, the HTTP status and error slug.
/// Subscribe with OpenTelemetry's <c>AddSource("Sockt")</c>.
/// </summary>
public static class SocktDiagnostics
{
    /// <summary>Name of the SDK's <see cref="ActivitySource"/>.</summary>
    public const string ActivitySourceName = "Sockt";

    /// <summary>Tag holding the sandbox id.</summary>
    public const string SandboxIdTag = "sandbox.id";

    /// <summary>Tag holding the execution id.</summary>
    public const string ExecutionIdTag = "execution.id";

    /// <summary>Tag holding the HTTP status of a failed call.</summary>
    public const string HttpStatusCodeTag = "http.response.status_code";

    /// <summary>Tag holding the error slug or exception type of a failed call.</summary>
    public const string ErrorTypeTag = "error.type";

    internal static readonly ActivitySource Source = new(ActivitySourceName, Internal.SdkVersion.Current);

    /// <summary>Starts the activity of one public operation (returns null when nobody listens).</summary>
    internal static Activity? StartOperation(string name, string? sandboxId = null, string? executionId = null)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null)
        {
            if (sandboxId is not null)
            {
                activity.SetTag(SandboxIdTag, sandboxId);
            }

            if (executionId is not null)
            {
                activity.SetTag(ExecutionIdTag, executionId);
            }
        }

        return activity;
    }

    /// <summary>Marks an operation's activity as failed with the exception's status and slug.</summary>
    internal static void RecordFailure(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        if (exception is OperationCanceledException)
        {
            activity.SetStatus(ActivityStatusCode.Error, "cancelled");
            activity.SetTag(ErrorTypeTag, "cancelled");
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        if (exception is SocktException sockt)
        {
            if (sockt.StatusCode is { } status)
            {
                activity.SetTag(HttpStatusCodeTag, status);
            }

            activity.SetTag(ErrorTypeTag, sockt.Slug ?? exception.GetType().Name);
        }
        else
        {
            activity.SetTag(ErrorTypeTag, exception.GetType().FullName);
        }
    }
}
