using System.Collections.Concurrent;
using Sockt.Internal;

namespace Sockt.Http;

/// <summary>
/// The request budgets of one service address: one <see cref="RequestBudget"/> per credential, because the service
/// counts requests per API key or sandbox token. Calls without a credential (tiers, anonymous Lightning creates), which
/// the service counts per client address, share one. By default one store serves every client of the process that
/// talks to the same address with the same budget (<see cref="RequestBudgetOptions.SharedAcrossClients"/>).
/// </summary>
/// <remarks>
/// The buckets have no timers of their own: one timer per store, running only while it holds buckets, refills them
/// (so waiting requests are served) and drops the ones that are full and unused; a credential seen again later gets a
/// new, full bucket, which is what the dropped one was. An app that goes through thousands of sandbox tokens keeps
/// only the buckets of the credentials in use.
/// </remarks>
internal sealed class RequestBudgets : IDisposable
{
    /// <summary>How often the buckets are refilled (serving waiting requests) and idle ones dropped.</summary>
    internal static readonly TimeSpan TickPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>The stores shared by the clients of this process, by address, budget and clock.</summary>
    private static readonly ConcurrentDictionary<(Uri BaseUrl, int RequestsPerMinute, int Burst, TimeProvider Time), RequestBudgets> SharedStores = new();

    private readonly ConcurrentDictionary<string, RequestBudget> _budgets = new(StringComparer.Ordinal);
    private readonly int _requestsPerMinute;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private readonly bool _shared;
    private ITimer? _timer;
    private int _ticking;
    private bool _disposed;

    private RequestBudgets(int requestsPerMinute, int burst, TimeProvider time, bool shared)
    {
        _requestsPerMinute = requestsPerMinute;
        _burst = burst;
        _time = time;
        _shared = shared;
    }

    /// <summary>Whether requests are budgeted at all (<see cref="RequestBudgetOptions.RequestsPerMinute"/> &gt; 0).</summary>
    internal bool Enabled => _requestsPerMinute > 0;

    /// <summary>Whether this store is the process-wide one (disposing it does nothing).</summary>
    internal bool Shared => _shared;

    /// <summary>How many credentials have a bucket now (for tests: idle ones are dropped).</summary>
    internal int Count => _budgets.Count;

    /// <summary>Whether the store's timer is running (it stops when the store holds no bucket).</summary>
    internal bool Ticking
    {
        get
        {
            lock (_budgets)
            {
                return _timer is not null;
            }
        }
    }

    /// <summary>
    /// The budgets for <paramref name="settings"/>: the process-wide store for its address, budget and clock when
    /// <see cref="RequestBudgetOptions.SharedAcrossClients"/> is on (the default), else a new one owned by the caller.
    /// </summary>
    internal static RequestBudgets For(ClientSettings settings)
    {
        if (!settings.BudgetShared || settings.BudgetRequestsPerMinute == 0)
        {
            return new RequestBudgets(settings.BudgetRequestsPerMinute, settings.BudgetBurst, settings.TimeProvider, shared: false);
        }

        return SharedStores.GetOrAdd(
            (settings.BaseUrl, settings.BudgetRequestsPerMinute, settings.BudgetBurst, settings.TimeProvider),
            static key => new RequestBudgets(key.RequestsPerMinute, key.Burst, key.Time, shared: true));
    }

    /// <summary>The budget of <paramref name="credential"/> (API key or sandbox token; null for anonymous calls), or null when budgets are off.</summary>
    internal RequestBudget? For(string? credential)
    {
        if (!Enabled)
        {
            return null;
        }

        var key = credential ?? string.Empty;
        while (true)
        {
            if (_budgets.TryGetValue(key, out var budget))
            {
                if (!budget.Retired)
                {
                    return budget;
                }

                // Dropped by the timer a moment ago: take it out of the way and make a new one.
                _budgets.TryRemove(new KeyValuePair<string, RequestBudget>(key, budget));
                continue;
            }

            lock (_budgets)
            {
                ObjectDisposedException.ThrowIf(_disposed, typeof(ComputeClient));
                budget = _budgets.GetOrAdd(key, _ => new RequestBudget(_requestsPerMinute, _burst, _time));

                // A real timer whatever the client's clock: the bucket counts real time (Stopwatch) too.
                _timer ??= TimeProvider.System.CreateTimer(static state => ((RequestBudgets)state!).Tick(), this, TickPeriod, TickPeriod);
                return budget;
            }
        }
    }

    /// <summary>
    /// Takes a token from <paramref name="credential"/>'s budget, waiting for one when there is none; completes at once
    /// when budgets are off or a token is at hand.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    internal ValueTask AcquireAsync(string? credential, CancellationToken cancellationToken)
    {
        while (For(credential) is { } budget)
        {
            if (!budget.TryEnter())
            {
                continue;
            }

            ValueTask acquiring;
            try
            {
                acquiring = budget.AcquireAsync(cancellationToken);
            }
            catch
            {
                budget.Exit();
                throw;
            }

            if (acquiring.IsCompleted)
            {
                budget.Exit();
                return acquiring;
            }

            return AwaitThenExitAsync(budget, acquiring);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Takes a token from <paramref name="credential"/>'s budget if one is at hand (always true when budgets are off); never waits.</summary>
    internal bool TryAcquireNow(string? credential)
    {
        while (For(credential) is { } budget)
        {
            if (!budget.TryEnter())
            {
                continue;
            }

            try
            {
                return budget.TryAcquireNow();
            }
            finally
            {
                budget.Exit();
            }
        }

        return true;
    }

    /// <summary>Requests waiting for a token of <paramref name="credential"/> now.</summary>
    internal long Waiting(string? credential) => _budgets.TryGetValue(credential ?? string.Empty, out var budget) ? budget.Waiting : 0;

    /// <summary>How full the budget of <paramref name="credential"/> is (1 when budgets are off).</summary>
    internal double Fill(string? credential) => For(credential)?.Fill ?? 1;

    /// <summary>Disposes the buckets of a store owned by one client; the shared store lives as long as the process (its idle buckets go away on their own).</summary>
    public void Dispose()
    {
        if (_shared)
        {
            return;
        }

        lock (_budgets)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
            foreach (var budget in _budgets.Values)
            {
                budget.Dispose();
            }

            _budgets.Clear();
        }
    }

    private static async ValueTask AwaitThenExitAsync(RequestBudget budget, ValueTask acquiring)
    {
        try
        {
            await acquiring.ConfigureAwait(false);
        }
        finally
        {
            budget.Exit();
        }
    }

    /// <summary>Refills every bucket and drops the idle ones; stops the timer when none is left.</summary>
    private void Tick()
    {
        // A slow tick (thousands of buckets on a busy machine) is not overlapped by the next one.
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            foreach (var (key, budget) in _budgets)
            {
                budget.Replenish();
                if (budget.TryRetire())
                {
                    _budgets.TryRemove(new KeyValuePair<string, RequestBudget>(key, budget));
                    budget.Dispose();
                }
            }

            lock (_budgets)
            {
                if (_budgets.IsEmpty)
                {
                    _timer?.Dispose();
                    _timer = null;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }
}
