using System.Threading.RateLimiting;

namespace Sockt.Http;

/// <summary>
/// One credential's share of the service's rate limit: a token bucket of <c>burst</c> tokens refilled at
/// <c>requestsPerMinute − burst</c> a minute, so that no 60 seconds carry more than <c>requestsPerMinute</c> requests
/// whatever the service's window looks like. Every request of the credential takes a token first; when there is none it
/// waits in line (oldest first). After a 429 the whole credential holds off until the answer's Retry-After.
/// </summary>
/// <remarks>
/// The bucket has no timer of its own (<see cref="TokenBucketRateLimiterOptions.AutoReplenishment"/> off): it is refilled
/// from the time elapsed (<see cref="TokenBucketRateLimiter.TryReplenish"/>) when a request takes a token and on the
/// ticks of its <see cref="RequestBudgets"/>, which also drops it once it is full and unused (see <see cref="TryRetire"/>).
/// </remarks>
internal sealed class RequestBudget : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket;
    private readonly TimeProvider _time;
    private readonly int _burst;

    /// <summary>UTC ticks before which no request of this credential goes out (after a 429); 0 when none.</summary>
    private long _holdUntilTicks;

    /// <summary>Requests taking or waiting for a token now; −1 once retired (no request may use it any more).</summary>
    private int _users;

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the last request that took a token.</summary>
    private long _lastUsed;

    internal RequestBudget(int requestsPerMinute, int burst, TimeProvider time)
    {
        _burst = burst;
        _time = time;
        _lastUsed = time.GetTimestamp();
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = requestsPerMinute - burst,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        });

        // How long an empty bucket takes to fill up: a bucket unused that long is full again, as a new one would be.
        RefillTime = TimeSpan.FromMinutes(1) * burst / (requestsPerMinute - burst);
    }

    /// <summary>How long an empty bucket takes to fill up again.</summary>
    internal TimeSpan RefillTime { get; }

    /// <summary>The share of the burst left now: 1 when full, 0 when empty (callers then wait for tokens).</summary>
    internal double Fill
    {
        get
        {
            try
            {
                _bucket.TryReplenish();
                return _bucket.GetStatistics() is { } statistics ? Math.Clamp((double)statistics.CurrentAvailablePermits / _burst, 0, 1) : 1;
            }
            catch (ObjectDisposedException)
            {
                // Dropped for being full and idle (or its client disposed) since the caller looked it up.
                return 1;
            }
        }
    }

    /// <summary>Requests waiting for a token now.</summary>
    internal long Waiting
    {
        get
        {
            try
            {
                return _bucket.GetStatistics()?.CurrentQueuedCount ?? 0;
            }
            catch (ObjectDisposedException)
            {
                return 0;
            }
        }
    }

    /// <summary>Whether <see cref="TryRetire"/> has taken this budget out of use.</summary>
    internal bool Retired => Volatile.Read(ref _users) < 0;

    /// <summary>Registers a request about to take a token; false when the budget was retired (ask the store again).</summary>
    internal bool TryEnter()
    {
        var users = Volatile.Read(ref _users);
        while (users >= 0)
        {
            var seen = Interlocked.CompareExchange(ref _users, users + 1, users);
            if (seen == users)
            {
                return true;
            }

            users = seen;
        }

        return false;
    }

    /// <summary>Ends what <see cref="TryEnter"/> began.</summary>
    internal void Exit()
    {
        Volatile.Write(ref _lastUsed, _time.GetTimestamp());
        Interlocked.Decrement(ref _users);
    }

    /// <summary>Takes a token, waiting for one (and for a hold after a 429) when there is none. Call between <see cref="TryEnter"/> and <see cref="Exit"/>.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
    internal ValueTask AcquireAsync(CancellationToken cancellationToken) => TryAcquireNow() ? ValueTask.CompletedTask : AcquireSlowlyAsync(cancellationToken);

    /// <summary>Takes a token if one is at hand (no hold, nobody waiting ahead); never waits. Call between <see cref="TryEnter"/> and <see cref="Exit"/>.</summary>
    internal bool TryAcquireNow()
    {
        if (Volatile.Read(ref _holdUntilTicks) != 0)
        {
            return false;
        }

        _bucket.TryReplenish();
        using var lease = _bucket.AttemptAcquire();
        return lease.IsAcquired;
    }

    /// <summary>Refills the bucket for the time elapsed, serving waiting requests (called on the store's ticks).</summary>
    internal void Replenish() => _bucket.TryReplenish();

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

    /// <summary>
    /// Takes the budget out of use when dropping it changes nothing: nobody is using it, no hold is pending, it has been
    /// unused for at least <see cref="RefillTime"/> and it is full, so a new budget for the credential (which starts
    /// full) is the same. Once this returned true, <see cref="TryEnter"/> refuses and the caller disposes it.
    /// </summary>
    internal bool TryRetire()
    {
        if (_time.GetElapsedTime(Volatile.Read(ref _lastUsed)) < RefillTime)
        {
            return false;
        }

        // A hold still ahead keeps the budget; one that has passed (nobody asked since) is cleared.
        if (Volatile.Read(ref _holdUntilTicks) is var hold and not 0
            && (hold > _time.GetUtcNow().UtcTicks || Interlocked.CompareExchange(ref _holdUntilTicks, 0, hold) != hold))
        {
            return false;
        }

        _bucket.TryReplenish();
        if (_bucket.GetStatistics() is not { } statistics || statistics.CurrentAvailablePermits < _burst || statistics.CurrentQueuedCount > 0)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _users, -1, 0) == 0;
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
