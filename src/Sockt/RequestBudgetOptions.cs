namespace Sockt;

/// <summary>
/// The client's own request budget per credential, so that it stays under the service's rate limit (300 requests a
/// minute per API key or sandbox token) instead of running into 429s: at most <see cref="Burst"/> requests go out
/// back to back, after that they are spaced so that no minute carries more than <see cref="RequestsPerMinute"/>.
/// One budget per credential is shared by every <see cref="Sandbox"/> and, by default, by every
/// <see cref="ComputeClient"/> of the process that talks to the same <see cref="ComputeClientOptions.BaseUrl"/> with
/// the same budget, whether built by hand or by <c>AddSockt</c> (<see cref="SharedAcrossClients"/>). A request that
/// finds the budget empty waits (asynchronously, cancellable) for its turn; that wait does not count against
/// <see cref="ComputeClientOptions.Timeout"/>; the caller's <see cref="CancellationToken"/> ends it, and so do an
/// execution's deadline (<see cref="ExecOptions.Timeout"/> plus <see cref="ComputeClientOptions.ExecTimeoutGrace"/>)
/// and the timeout of <see cref="Sandbox.WaitUntilRunningAsync"/>. Execution
/// polling slows down once the budget runs low. A credential's budget is dropped once it is full again and unused, so
/// thousands of sandbox tokens used one after the other hold nothing.
/// </summary>
public class RequestBudgetOptions
{
    /// <summary>The service's documented limit: 300 requests a minute per credential.</summary>
    public const int ServiceRequestsPerMinute = 300;

    /// <summary>The default <see cref="Burst"/>: 60 requests.</summary>
    public const int DefaultBurst = 60;

    /// <summary>The default <see cref="MaxRetryAfter"/>: one minute, the service's rate-limit window.</summary>
    public static readonly TimeSpan DefaultMaxRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Requests a minute per credential, at most (default <see cref="ServiceRequestsPerMinute"/>, the service's limit).
    /// Counted over any 60 seconds: the bucket holds <see cref="Burst"/> requests and refills at
    /// <c>RequestsPerMinute − Burst</c> a minute. 0 turns the budget off (every request goes out at once).
    /// </summary>
    public int RequestsPerMinute { get; set; } = ServiceRequestsPerMinute;

    /// <summary>
    /// How many requests may go out back to back when the budget is full (default <see cref="DefaultBurst"/>); must be
    /// at least 1 and less than <see cref="RequestsPerMinute"/>. A larger burst makes short polls faster and leaves
    /// less of the minute for later requests.
    /// </summary>
    public int Burst { get; set; } = DefaultBurst;

    /// <summary>
    /// When a GET is still answered 429 (another process using the same credential, for example), the SDK waits the
    /// answer's <c>Retry-After</c> (seconds or a date; 2 seconds when absent) and sends it again, up to 3 times, if
    /// that wait is at most this long (default <see cref="DefaultMaxRetryAfter"/>); a longer one surfaces as
    /// <see cref="RateLimitedException"/>. <see cref="TimeSpan.Zero"/> turns the retry off. Requests that change
    /// something (create, exec, file writes, pause, resume, terminate, cancel) are never retried: their 429 always
    /// surfaces as <see cref="RateLimitedException"/> with <see cref="RateLimitedException.RetryAfter"/>.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = DefaultMaxRetryAfter;

    /// <summary>
    /// Whether clients share their budgets (default <see langword="true"/>): every <see cref="ComputeClient"/> of this
    /// process with the same <see cref="ComputeClientOptions.BaseUrl"/>, <see cref="RequestsPerMinute"/>,
    /// <see cref="Burst"/> and <see cref="ComputeClientOptions.TimeProvider"/> draws from one budget per credential, as
    /// the service counts requests per credential, not per client. <see langword="false"/> gives the client budgets of
    /// its own (the service's limit is then yours to divide between clients on the same credential, for example with a
    /// smaller <see cref="RequestsPerMinute"/> each); other processes on the same credential are never accounted for
    /// (the 429 retry of <see cref="MaxRetryAfter"/> covers their GETs).
    /// </summary>
    public bool SharedAcrossClients { get; set; } = true;

    /// <summary>Describes the budget.</summary>
    /// <returns>For example <c>RequestsPerMinute=300, Burst=60, MaxRetryAfter=60s, SharedAcrossClients=True</c>.</returns>
    public override string ToString() => $"RequestsPerMinute={RequestsPerMinute}, Burst={Burst}, MaxRetryAfter={MaxRetryAfter.TotalSeconds:0.###}s, SharedAcrossClients={SharedAcrossClients}";
}
