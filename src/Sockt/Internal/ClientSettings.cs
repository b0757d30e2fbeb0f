using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sockt.Internal;

/// <summary>
/// The immutable settings a client runs with: <see cref="ComputeClientOptions"/> resolved against the environment
/// (constructor value &gt; <c>SOCKT_*</c> variable &gt; default) and validated.
/// </summary>
internal sealed class ClientSettings
{
    internal const string ApiKeyVariable = "SOCKT_API_KEY";
    internal const string SandboxTokenVariable = "SOCKT_SANDBOX_TOKEN";
    internal const string ApiUrlVariable = "SOCKT_API_URL";

    private SocktCredential? _defaultCredential;

    private ClientSettings()
    {
    }

    internal string? ApiKey { get; private init; }

    internal string? SandboxToken { get; private init; }

    internal Uri BaseUrl { get; private init; } = ComputeClientOptions.DefaultBaseUrl;

    internal TimeSpan Timeout { get; private init; }

    internal int PodStartingMaxRetries { get; private init; }

    internal TimeSpan PodStartingDelay { get; private init; }

    internal TimeSpan ExecPollInterval { get; private init; }

    /// <summary>Requests a minute per credential the client allows itself; 0 = no budget.</summary>
    internal int BudgetRequestsPerMinute { get; private init; }

    internal int BudgetBurst { get; private init; }

    /// <summary>Whether the client draws from the process-wide budgets (<see cref="RequestBudgetOptions.SharedAcrossClients"/>).</summary>
    internal bool BudgetShared { get; private init; }

    /// <summary>Longest Retry-After a rate-limited GET waits out before its retry; zero = no retry.</summary>
    internal TimeSpan MaxRetryAfter { get; private init; }

    internal TimeSpan ExecTimeoutGrace { get; private init; }

    internal TimeSpan WaitPollInterval { get; private init; }

    internal TimeSpan WaitTimeout { get; private init; }

    internal bool DataPlaneProbe { get; private init; }

    internal TimeProvider TimeProvider { get; private init; } = TimeProvider.System;

    internal ILoggerFactory LoggerFactory { get; private init; } = NullLoggerFactory.Instance;

    /// <summary>The credential sent by calls that have no sandbox-specific one (made once: every call asks for it).</summary>
    internal SocktCredential DefaultCredential => _defaultCredential ??=
        SandboxToken is not null ? new SocktCredential(SandboxToken, IsSandboxToken: true)
        : ApiKey is not null ? new SocktCredential(ApiKey, IsSandboxToken: false)
        : SocktCredential.Anonymous;

    internal static ClientSettings Resolve(ComputeClientOptions options, Func<string, string?> environment, ILoggerFactory? fallbackLoggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var retry = options.PodStartingRetry ?? new PodStartingRetryOptions();
        var budget = options.RequestBudget ?? new RequestBudgetOptions();
        ValidateBudget(budget);
        RequirePositive(options.ExecPollInterval, nameof(options.ExecPollInterval));
        RequirePositive(options.WaitPollInterval, nameof(options.WaitPollInterval));
        RequirePositive(options.WaitTimeout, nameof(options.WaitTimeout));
        if (options.ExecTimeoutGrace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ExecTimeoutGrace, "ExecTimeoutGrace must not be negative.");
        }

        if (options.Timeout is { } timeout && timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            RequirePositive(timeout, nameof(options.Timeout));
        }

        if (retry.MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), retry.MaxRetries, "PodStartingRetry.MaxRetries must not be negative.");
        }

        if (retry.Delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), retry.Delay, "PodStartingRetry.Delay must not be negative.");
        }

        return new ClientSettings
        {
            ApiKey = NullIfEmpty(options.ApiKey) ?? NullIfEmpty(environment(ApiKeyVariable)),
            SandboxToken = NullIfEmpty(options.SandboxToken) ?? NullIfEmpty(environment(SandboxTokenVariable)),
            BaseUrl = ResolveBaseUrl(options.BaseUrl, environment(ApiUrlVariable)),
            Timeout = options.Timeout ?? ComputeClientOptions.DefaultTimeout,
            PodStartingMaxRetries = retry.MaxRetries,
            PodStartingDelay = retry.Delay,
            ExecPollInterval = options.ExecPollInterval,
            BudgetRequestsPerMinute = budget.RequestsPerMinute,
            BudgetBurst = budget.Burst,
            BudgetShared = budget.SharedAcrossClients,
            MaxRetryAfter = budget.MaxRetryAfter,
            ExecTimeoutGrace = options.ExecTimeoutGrace,
            WaitPollInterval = options.WaitPollInterval,
            WaitTimeout = options.WaitTimeout,
            DataPlaneProbe = options.DataPlaneProbe,
            TimeProvider = options.TimeProvider ?? TimeProvider.System,
            LoggerFactory = options.LoggerFactory ?? fallbackLoggerFactory ?? NullLoggerFactory.Instance,
        };
    }

    /// <summary>Describes the settings with the credentials redacted.</summary>
    public override string ToString() =>
        $"BaseUrl={BaseUrl}, ApiKey={Secrets.Describe(ApiKey)}, SandboxToken={Secrets.Describe(SandboxToken)}";

    private static Uri ResolveBaseUrl(Uri? configured, string? fromEnvironment)
    {
        if (configured is not null)
        {
            if (!configured.IsAbsoluteUri)
            {
                throw new ArgumentException($"The base URL must be absolute, got '{configured}'.", "baseUrl");
            }

            return TrimTrailingSlash(configured);
        }

        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (!Uri.TryCreate(fromEnvironment.Trim(), UriKind.Absolute, out var parsed))
            {
                throw new ArgumentException($"{ApiUrlVariable} is not an absolute URL.", "baseUrl");
            }

            return TrimTrailingSlash(parsed);
        }

        return ComputeClientOptions.DefaultBaseUrl;
    }

    private static Uri TrimTrailingSlash(Uri uri)
    {
        var text = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(text, UriKind.Absolute);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void ValidateBudget(RequestBudgetOptions budget)
    {
        if (budget.RequestsPerMinute < 0)
        {
            throw new ArgumentOutOfRangeException("options", budget.RequestsPerMinute, "RequestBudget.RequestsPerMinute must not be negative (0 turns the budget off).");
        }

        if (budget.RequestsPerMinute > 0 && (budget.Burst < 1 || budget.Burst >= budget.RequestsPerMinute))
        {
            throw new ArgumentOutOfRangeException("options", budget.Burst, $"RequestBudget.Burst must be at least 1 and less than RequestsPerMinute ({budget.RequestsPerMinute}).");
        }

        if (budget.MaxRetryAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException("options", budget.MaxRetryAfter, "RequestBudget.MaxRetryAfter must not be negative.");
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException("options", value, $"{name} must be positive.");
        }
    }
}
