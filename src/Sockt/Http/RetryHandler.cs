using Microsoft.Extensions.Logging;
using Sockt.Diagnostics;

namespace Sockt.Http;

/// <summary>
/// The SDK's two silent retries, in one handler so that a call pays for one async frame, not two:
/// <list type="bullet">
/// <item>503 whose body says the pod is starting (<c>pod_starting</c> / <c>starting</c>), as the reference SDK and the
/// CLI do: <see cref="PodStartingRetryOptions.MaxRetries"/> times, <see cref="PodStartingRetryOptions.Delay"/> apart, for
/// any method (the request was not served). The request body is buffered once so every attempt sends it intact.</item>
/// <item>429 on a GET: after the answer's Retry-After (during which the whole credential holds off, through its
/// <see cref="RequestBudget"/>), at most <see cref="MaxRateLimitRetries"/> times and only when the wait is within
/// <see cref="RequestBudgetOptions.MaxRetryAfter"/>. Any other method's 429 is returned as is (it becomes a
/// <see cref="RateLimitedException"/>): a create, exec or write must not run twice. Neither is a 429 that names a
/// concurrency limit (<c>too_many_executions</c>): waiting would not free a slot.</item>
/// </list>
/// Every attempt goes through <see cref="RequestBudgetHandler"/> below, so each takes its own token.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    internal const int MaxRateLimitRetries = 3;

    /// <summary>The wait when a 429 says nothing (the rate limit's answer is documented as plain text).</summary>
    internal static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(2);

    private readonly int _podStartingRetries;
    private readonly TimeSpan _podStartingDelay;
    private readonly RequestBudgets _budgets;
    private readonly TimeSpan _maxRetryAfter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal RetryHandler(int podStartingRetries, TimeSpan podStartingDelay, RequestBudgets budgets, TimeSpan maxRetryAfter, TimeProvider time, ILogger logger)
    {
        _podStartingRetries = podStartingRetries;
        _podStartingDelay = podStartingDelay;
        _budgets = budgets;
        _maxRetryAfter = maxRetryAfter;
        _time = time;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        BufferedContent? body = null;
        if (_podStartingRetries > 0 && request.Content is not null)
        {
            body = await BufferedContent.CaptureAsync(request.Content, cancellationToken).ConfigureAwait(false);
            request.Content = body.Create();
        }

        var podStartingAttempts = 0;
        var rateLimitAttempts = 0;
        while (true)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            TimeSpan wait;
            // A streamed write from a non-seekable stream was read by this attempt and cannot be sent again.
            if (status == 503 && podStartingAttempts < _podStartingRetries && await IsPodStartingAsync(response, cancellationToken).ConfigureAwait(false) && body is not { CanCreate: false })
            {
                podStartingAttempts++;
                wait = _podStartingDelay;
                Log.PodStartingRetry(_logger, request.Method.Method, PathOf(request), podStartingAttempts, _podStartingRetries, (long)wait.TotalMilliseconds);
            }
            else if (status == 429 && request.Method == HttpMethod.Get && rateLimitAttempts < MaxRateLimitRetries
                && RetryAfterWithinCap(response) is { } retryAfter
                && !await IsConcurrencyLimitAsync(response, cancellationToken).ConfigureAwait(false))
            {
                rateLimitAttempts++;
                wait = retryAfter;
                Log.RateLimitedRetry(_logger, request.Method.Method, PathOf(request), rateLimitAttempts, MaxRateLimitRetries, (long)wait.TotalMilliseconds);

                // The service's count is ahead of ours (another process on the same credential): everyone holds off.
                if (_budgets.For(SocktCallContext.Current?.Credential) is { } budget)
                {
                    budget.HoldFor(wait);
                    wait = TimeSpan.Zero;
                }
            }
            else
            {
                return response;
            }

            response.Dispose();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            if (body is not null)
            {
                request.Content = body.Create();
            }
        }
    }

    private static string PathOf(HttpRequestMessage request) => request.RequestUri?.AbsolutePath ?? "?";

    /// <summary>The answer's Retry-After (2 s when absent) when a retry may wait that long; null when it may not.</summary>
    private TimeSpan? RetryAfterWithinCap(HttpResponseMessage response)
    {
        var wait = SocktErrorMapper.ReadRetryAfter(response, _time) ?? DefaultRetryAfter;
        return _maxRetryAfter > TimeSpan.Zero && wait <= _maxRetryAfter ? wait : null;
    }

    private static async Task<bool> IsPodStartingAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        SocktErrorMapper.IsPodStarting(await ReadBufferedAsync(response, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Whether a 429 names a concurrency limit (<c>too_many_executions</c>, the emulator's <c>too_many_transfers</c>)
    /// rather than the request rate.
    /// </summary>
    private static async Task<bool> IsConcurrencyLimitAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        (await ReadBufferedAsync(response, cancellationToken).ConfigureAwait(false)).Contains("too_many_", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads an error body, buffered so that the error handler can still read it if the response is returned.</summary>
    private static async Task<string> ReadBufferedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }
}
