using System.Threading.RateLimiting;

namespace Sockt.Http;

/// <summary>
/// One credential's share of the service's rate limit: a token bucket of <c>burst</c> tokens refilled at
/// <c>requestsPerMinute − burst</c> a minute, so that no 60 seconds carry more than <c>requestsPerMinute</c> requests
/// whatever the service's window looks like. Every request of the credential takes a token first; when there is none it
/// waits in line (oldest first). After a 429 the whole credential holds off until the answer's Retry-After.
/// </summary>
internal sealed class RequestBudget : IDisposable
{
    /// <summary>The bucket refills at least this far apart (several tokens at a time for large budgets), so its timer stays cheap.</summary>
    private static readonly TimeSpan MinReplenishmentPeriod = TimeSpan.FromMilliseconds(100);

    private readonly TokenBucketRateLimiter _bucket;
    private readonly TimeProvider _time;
    private readonly int _burst;

    /// <summary>UTC ticks before which no request of this credential goes out (after a 429); 0 when none.</summary>
    private long _holdUntilTicks;

    internal RequestBudget(int requestsPerMinute, int burst, TimeProvider time)
    {
        _burst = burst;
        _time = time;
        var refillPerMinute = requestsPerMinute - burst;
        var tokensPerPeriod = (int)Math.Ceiling(refillPerMinute * MinReplenishmentPeriod.TotalMinutes);
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * tokensPerPeriod / refillPerMinute,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>The share of the burst left now: 1 when full, 0 when empty (callers then wait for tokens).</summary>
    internal double Fill => _bucket.GetStatistics() is { } statistics ? Math.Clamp((double)statistics.CurrentAvailablePermits / _burst, 0, 1) : 1;

    /// <summary>Requests waiting for a token now.</summary>
    internal long Waiting => _bucket.GetStatistics()?.CurrentQueuedCount ?? 0;

    /// <summary>Takes a token, waiting for one (and for a hold after a 429) when there is none.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    internal ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _holdUntilTicks) == 0)
        {
            using var lease = _bucket.AttemptAcquire();
            if (lease.IsAcquired)
            {
                return ValueTask.CompletedTask;
            }
        }

        return AcquireSlowlyAsync(cancellationToken);
    }

    /// <summary>Holds every request of this credential back for <paramref name="wait"/> (the service's Retry-After).</summary>
    internal void HoldFor(TimeSpan wait)
    {
        var until = (_time.GetUtcNow() + wait).UtcTicks;
        long current;
        do
        {
            current = Volatile.Read(ref _holdUntilTicks);
            if (current >= until)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _holdUntilTicks, until, current) != current);
    }

    public void Dispose() => _bucket.Dispose();

    private async ValueTask AcquireSlowlyAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _holdUntilTicks) is var hold and not 0)
        {
            var wait = TimeSpan.FromTicks(hold - _time.GetUtcNow().UtcTicks);
            if (wait <= TimeSpan.Zero)
            {
                Interlocked.CompareExchange(ref _holdUntilTicks, 0, hold);
                break;
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }

        using var lease = await _bucket.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            // Only a disposed bucket refuses a queued request: the client was disposed while this request waited.
            throw new ObjectDisposedException(nameof(ComputeClient));
        }
    }
}
