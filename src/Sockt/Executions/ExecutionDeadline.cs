namespace Sockt.Executions;

/// <summary>
/// The client-side end of an execution started with a time limit: the limit plus the grace the service gets to report
/// the end, counted from when the execution was started (on the client's <see cref="TimeProvider"/>).
/// </summary>
internal sealed record ExecutionDeadline(long StartedAt, TimeSpan Timeout, TimeSpan Grace)
{
    /// <summary>The time left before the deadline (zero or less once it has passed).</summary>
    internal TimeSpan Remaining(TimeProvider time) => Timeout + Grace - time.GetElapsedTime(StartedAt);

    internal ExecutionTimeoutException Passed(string executionId) => new(
        $"Execution {executionId} did not end within its {Seconds(Timeout)} s timeout plus {Seconds(Grace)} s of grace (ComputeClientOptions.ExecTimeoutGrace); it was cancelled on the sandbox.",
        executionId,
        Timeout);

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}
