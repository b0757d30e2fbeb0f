namespace Sockt.Emulator.Executions;

/// <summary>
/// The output bytes all executions together may keep until they are read. When a new chunk does not fit, the
/// <paramref name="evict"/> callback frees the output of the oldest finished executions first; what still does not
/// fit is dropped (and its execution reports <c>output_truncated</c>). Thread-safe; it never calls out under its lock.
/// </summary>
/// <param name="capacity">Most bytes kept in total.</param>
/// <param name="evict">Frees at least the given number of bytes if it can, by dropping finished executions' output; returns what it freed.</param>
internal sealed class OutputBudget(long capacity, Func<long, long> evict)
{
    private readonly Lock gate = new();
    private long used;

    /// <summary>Bytes currently kept.</summary>
    public long Used
    {
        get
        {
            lock (gate)
            {
                return used;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/> from the budget, evicting finished output when needed; false when they do not fit.</summary>
    public bool TryTake(long bytes)
    {
        if (TryTakeNow(bytes, out var missing))
        {
            return true;
        }

        evict(missing);
        return TryTakeNow(bytes, out _);
    }

    /// <summary>Returns bytes that are no longer kept (read, evicted or expired).</summary>
    public void Give(long bytes)
    {
        if (bytes <= 0)
        {
            return;
        }

        lock (gate)
        {
            used -= bytes;
        }
    }

    private bool TryTakeNow(long bytes, out long missing)
    {
        lock (gate)
        {
            missing = used + bytes - capacity;
            if (missing > 0)
            {
                return false;
            }

            used += bytes;
            return true;
        }
    }
}
