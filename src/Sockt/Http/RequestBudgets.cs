using System.Collections.Concurrent;
using Sockt.Internal;

namespace Sockt.Http;

/// <summary>
/// The request budgets of one client (or of the whole app under <c>AddSockt</c>): one <see cref="RequestBudget"/> per
/// credential, because the service counts requests per API key or sandbox token. Calls without a credential (tiers,
/// anonymous Lightning creates), which the service counts per client address, share one.
/// </summary>
internal sealed class RequestBudgets : IDisposable
{
    private readonly ConcurrentDictionary<string, RequestBudget> _budgets = new(StringComparer.Ordinal);
    private readonly int _requestsPerMinute;
    private readonly int _burst;
    private readonly TimeProvider _time;
    private bool _disposed;

    internal RequestBudgets(ClientSettings settings)
    {
        _requestsPerMinute = settings.BudgetRequestsPerMinute;
        _burst = settings.BudgetBurst;
        _time = settings.TimeProvider;
    }

    /// <summary>Whether requests are budgeted at all (<see cref="RequestBudgetOptions.RequestsPerMinute"/> &gt; 0).</summary>
    internal bool Enabled => _requestsPerMinute > 0;

    /// <summary>The budget of <paramref name="credential"/> (API key or sandbox token; null for anonymous calls), or null when budgets are off.</summary>
    internal RequestBudget? For(string? credential)
    {
        if (!Enabled)
        {
            return null;
        }

        var key = credential ?? string.Empty;
        if (_budgets.TryGetValue(key, out var budget))
        {
            return budget;
        }

        // Created under a lock: each budget owns a timer, so a losing duplicate would have to be disposed.
        lock (_budgets)
        {
            ObjectDisposedException.ThrowIf(_disposed, typeof(ComputeClient));
            return _budgets.GetOrAdd(key, _ => new RequestBudget(_requestsPerMinute, _burst, _time));
        }
    }

    /// <summary>How full the budget of <paramref name="credential"/> is (1 when budgets are off).</summary>
    internal double Fill(string? credential) => For(credential)?.Fill ?? 1;

    public void Dispose()
    {
        lock (_budgets)
        {
            _disposed = true;
            foreach (var budget in _budgets.Values)
            {
                budget.Dispose();
            }

            _budgets.Clear();
        }
    }
}
