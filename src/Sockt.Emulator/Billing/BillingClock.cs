using System.Diagnostics;

namespace Sockt.Emulator.Billing;

/// <summary>
/// The time billing is measured in: wall-clock time since start (unless disabled) plus whatever tests advanced it by.
/// Tests advance it instead of sleeping.
/// </summary>
internal sealed class BillingClock(bool realTime)
{
    private readonly Stopwatch stopwatch = Stopwatch.StartNew();
    private TimeSpan offset;

    public TimeSpan Now
    {
        get
        {
            lock (stopwatch)
            {
                return (realTime ? stopwatch.Elapsed : TimeSpan.Zero) + offset;
            }
        }
    }

    public TimeSpan TotalAdvanced
    {
        get
        {
            lock (stopwatch)
            {
                return offset;
            }
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (stopwatch)
        {
            offset += by;
        }
    }
}
