namespace Sockt;

/// <summary>Known execution states (an open set).</summary>
public static class ExecutionStates
{
    /// <summary>The command is still running.</summary>
    public const string Running = "running";

    /// <summary>The command finished; see the exit code.</summary>
    public const string Completed = "completed";

    /// <summary>The command could not run or was killed (for example by its timeout).</summary>
    public const string Failed = "failed";

    /// <summary>The command was cancelled.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>
    /// Whether <paramref name="status"/> means the execution is over. Any state other than running (or an
    /// equivalent waiting state) counts as over, as in the official CLI, so an unknown new state ends polling.
    /// </summary>
    internal static bool IsTerminal(string? status) =>
        !string.IsNullOrEmpty(status)
        && !string.Equals(status, Running, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(status, "pending", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(status, "queued", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(status, "starting", StringComparison.OrdinalIgnoreCase);
}
