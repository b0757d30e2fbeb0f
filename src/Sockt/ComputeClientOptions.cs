using Microsoft.Extensions.Logging;

namespace Sockt;

/// <summary>
/// Settings of a <see cref="ComputeClient"/>. Unset values fall back to the environment
/// (<c>SOCKT_API_KEY</c>, <c>SOCKT_SANDBOX_TOKEN</c>, <c>SOCKT_API_URL</c>) and then to the defaults
/// (<see cref="DefaultBaseUrl"/>, <see cref="DefaultTimeout"/>). The client copies the options when it is built,
/// so changing them afterwards has no effect on it.
/// </summary>
public class ComputeClientOptions
{
    /// <summary>The hosted service's address.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.sockt.dev");

    /// <summary>The default HTTP request timeout (120 seconds).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    /// <summary>API key (<c>sockt_live_…</c>) for credits billing; falls back to <c>SOCKT_API_KEY</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Sandbox token (<c>sbx_…</c>) for a Lightning sandbox; falls back to <c>SOCKT_SANDBOX_TOKEN</c>. When set it is
    /// sent instead of the API key, as Bearer and as the <c>sandbox_token</c> query parameter where the API takes it.
    /// </summary>
    public string? SandboxToken { get; set; }

    /// <summary>API base address; falls back to <c>SOCKT_API_URL</c>, then <see cref="DefaultBaseUrl"/>.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// HTTP request timeout; defaults to <see cref="DefaultTimeout"/>. It bounds each request from start to answer,
    /// except file transfers, where it bounds inactivity rather than the whole transfer: a file write may take as long
    /// as its body keeps moving (the clock restarts after every slice sent, then runs while the answer is awaited), and
    /// a streamed file read waits at most this long for the answer's headers and then for each read of its body. A
    /// request that runs out of it fails with a <see cref="SocktException"/> whose inner exception is a
    /// <see cref="TimeoutException"/>. The wait for a token of the credential's request budget comes before and is not
    /// counted (see <see cref="RequestBudget"/>): the caller's <see cref="CancellationToken"/> ends it (and an execution's
    /// deadline or <see cref="WaitTimeout"/> ends theirs).
    /// </summary>
    /// <remarks>
    /// Through <see cref="ComputeClient(ComputeClientOptions, HttpClient)"/>, that client's own
    /// <see cref="HttpClient.Timeout"/> still bounds each whole request, file writes included (set it to
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> to send large files). Under <c>AddSockt</c> the named
    /// client's <see cref="HttpClient.Timeout"/> is set from this value and bounds the other requests; file writes use a
    /// client of the factory with it turned off and this value as their inactivity limit.
    /// </remarks>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Retry of requests answered 503 <c>pod_starting</c> (3 retries, 2 seconds apart by default).</summary>
    public PodStartingRetryOptions PodStartingRetry { get; set; } = new();

    /// <summary>
    /// The client's request budget per credential (default: the service's 300 requests a minute, 60 at once), shared by
    /// every sandbox of this client and, unless <see cref="RequestBudgetOptions.SharedAcrossClients"/> is off, by the
    /// other clients of the process on the same <see cref="BaseUrl"/>; set <see cref="RequestBudgetOptions.RequestsPerMinute"/> to 0 to turn it off.
    /// Also how long a rate-limited GET may wait for its retry (<see cref="RequestBudgetOptions.MaxRetryAfter"/>).
    /// </summary>
    public RequestBudgetOptions RequestBudget { get; set; } = new();

    /// <summary>
    /// Longest pause between polls of a running execution (default 0.5 seconds). Polling starts 1 ms apart, so a short
    /// command is seen about 1 ms after it ends; the pauses then grow with the execution's age (15 % of it) and,
    /// once the <see cref="RequestBudget"/> runs low, longer still, up to this interval.
    /// </summary>
    public TimeSpan ExecPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long past an execution's <see cref="ExecOptions.Timeout"/> the SDK keeps waiting for the service to report
    /// its end (default 10 seconds): the service stops the command at the timeout, and this covers the time for its
    /// state and last output to arrive. After it, the SDK cancels the execution on the sandbox and throws an
    /// <see cref="ExecutionTimeoutException"/>. An execution started without a timeout has no client-side deadline.
    /// </summary>
    public TimeSpan ExecTimeoutGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Default longest pause between status checks in <see cref="Sandbox.WaitUntilRunningAsync"/> (2 seconds); the pauses start at 100 ms and double up to it.</summary>
    public TimeSpan WaitPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Default time limit of <see cref="Sandbox.WaitUntilRunningAsync"/> (120 seconds).</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Whether <see cref="Sandbox.WaitUntilRunningAsync"/> also waits for the data plane to answer (a file
    /// listing of the home directory, as the official CLI does) after the status says <c>running</c>. Default on.
    /// </summary>
    public bool DataPlaneProbe { get; set; } = true;

    /// <summary>Where the SDK logs; nothing is logged when <see langword="null"/>. Secrets are never logged.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock and timers used for polling, waits and retries (tests can substitute a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>A copy with another base address (the retry and budget options are copied too).</summary>
    internal ComputeClientOptions CopyWithBaseUrl(Uri baseUrl)
    {
        var copy = (ComputeClientOptions)MemberwiseClone();
        copy.BaseUrl = baseUrl;
        copy.PodStartingRetry = PodStartingRetry is null ? new PodStartingRetryOptions() : new PodStartingRetryOptions { MaxRetries = PodStartingRetry.MaxRetries, Delay = PodStartingRetry.Delay };
        copy.RequestBudget = RequestBudget is null ? new RequestBudgetOptions() : new RequestBudgetOptions { RequestsPerMinute = RequestBudget.RequestsPerMinute, Burst = RequestBudget.Burst, MaxRetryAfter = RequestBudget.MaxRetryAfter, SharedAcrossClients = RequestBudget.SharedAcrossClients };
        return copy;
    }

    /// <summary>Describes the options with the credentials redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() =>
        $"ComputeClientOptions(ApiKey={Secrets.Describe(ApiKey)}, SandboxToken={Secrets.Describe(SandboxToken)}, " +
        $"BaseUrl={BaseUrl?.ToString() ?? "(default)"}, Timeout={(Timeout is { } t ? $"{t.TotalSeconds:0.###}s" : "(default)")}, " +
        $"PodStartingRetry=({PodStartingRetry}), RequestBudget=({RequestBudget}), ExecPollInterval={ExecPollInterval.TotalSeconds:0.###}s, ExecTimeoutGrace={ExecTimeoutGrace.TotalSeconds:0.###}s, " +
        $"WaitPollInterval={WaitPollInterval.TotalSeconds:0.###}s, WaitTimeout={WaitTimeout.TotalSeconds:0.###}s, DataPlaneProbe={DataPlaneProbe})";
}
