namespace Sockt.Http;

/// <summary>
/// A call gave up waiting for its credential's request-budget token because the limit its caller set ran out (an
/// execution's deadline, the bound on a best-effort remote cancel); the request was not sent. Internal: the caller
/// turns it into its own outcome (an <see cref="ExecutionTimeoutException"/>, a logged failed cancel).
/// </summary>
internal sealed class BudgetWaitExpiredException : TimeoutException
{
    internal BudgetWaitExpiredException(TimeSpan limit)
        : base($"No request-budget token came within {limit.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s (RequestBudgetOptions); the request was not sent.")
    {
    }
}
