using Microsoft.Extensions.Logging;
using Sockt.Diagnostics;

namespace Sockt.Http;

/// <summary>
/// Keeps each credential within the service's rate limit: every attempt takes a token from the credential's
/// <see cref="RequestBudget"/> first (waiting when there is none). A GET still answered 429 is sent again after the
/// answer's Retry-After (the whole credential holds off meanwhile), at most <see cref="MaxRetries"/> times and only when
/// the wait is within <see cref="RequestBudgetOptions.MaxRetryAfter"/>; any other method's 429 is returned as is
/// (it becomes a <see cref="RateLimitedException"/>): a create, exec or write must not run twice.
/// </summary>
internal sealed class RateLimitHandler : DelegatingHandler
{
    internal const int MaxRetries = 3;

    /// <summary>The wait when a 429 says nothing (the rate limit's answer is documented as plain text).</summary>
    internal static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(2);

    private readonly RequestBudgets _budgets;
    private readonly TimeSpan _maxRetryAfter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal RateLimitHandler(RequestBudgets budgets, TimeSpan maxRetryAfter, TimeProvider time, ILogger logger)
    {
        _budgets = budgets;
        _maxRetryAfter = maxRetryAfter;
        _time = time;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var budget = _budgets.For(SocktCallContext.Current?.Credential);
        for (var attempt = 0; ; attempt++)
        {
            if (budget is not null)
            {
                await budget.AcquireAsync(cancellationToken).ConfigureAwait(false);
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode != 429 || request.Method != HttpMethod.Get || attempt >= MaxRetries)
            {
                return response;
            }

            var wait = SocktErrorMapper.ReadRetryAfter(response, _time) ?? DefaultRetryAfter;
            if (_maxRetryAfter <= TimeSpan.Zero || wait > _maxRetryAfter || await IsConcurrencyLimitAsync(response, cancellationToken).ConfigureAwait(false))
            {
                return response;
            }

            response.Dispose();
            Log.RateLimitedRetry(_logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "?", attempt + 1, MaxRetries, (long)wait.TotalMilliseconds);
            if (budget is not null)
            {
                // The service's count is ahead of ours (another process on the same credential): everyone holds off.
                budget.HoldFor(wait);
            }
            else if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Whether a 429 names a concurrency limit (<c>too_many_executions</c>, the emulator's <c>too_many_transfers</c>)
    /// rather than the request rate: waiting out Retry-After would not free a slot, so it is not retried.
    /// </summary>
    private static async Task<bool> IsConcurrencyLimitAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Buffered, so the error handler can still read the body when the response is returned.
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Contains("too_many_", StringComparison.OrdinalIgnoreCase);
    }
}
