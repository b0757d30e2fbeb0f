namespace Sockt.Benchmarks.Cases;

/// <summary>What one file-transfer child process measured (printed as one JSON line).</summary>
/// <param name="Client">"sdk" or "raw".</param>
/// <param name="Bytes">File size.</param>
/// <param name="MedianSeconds">Median of write + read time over the repetitions.</param>
/// <param name="FastestSeconds">Fastest write + read of the repetitions.</param>
/// <param name="SlowestSeconds">Slowest write + read of the repetitions.</param>
/// <param name="WriteSeconds">Median write time.</param>
/// <param name="ReadSeconds">Median read time.</param>
/// <param name="ResidentBefore">VmRSS before the first measured repetition (after warm-up and a full GC).</param>
/// <param name="PeakResident">VmHWM after the first measured repetition (peak since the reset just before it).</param>
/// <param name="PeakWasReset">Whether the peak could be reset (else it is the peak since the process started).</param>
/// <param name="WriteAllocated">GC.GetTotalAllocatedBytes growth per write.</param>
/// <param name="ReadAllocated">GC.GetTotalAllocatedBytes growth per read.</param>
internal sealed record FileTransferResult(
    string Client,
    long Bytes,
    double MedianSeconds,
    double FastestSeconds,
    double SlowestSeconds,
    double WriteSeconds,
    double ReadSeconds,
    long ResidentBefore,
    long PeakResident,
    bool PeakWasReset,
    double WriteAllocated,
    double ReadAllocated)
{
    public long PeakIncrease => PeakResident - ResidentBefore;

    public double AllocatedPerRepetition => WriteAllocated + ReadAllocated;

    /// <summary>Two runs of one client as one: times and allocations averaged, extremes kept, the larger peak.</summary>
    public static FileTransferResult Combine(FileTransferResult a, FileTransferResult b)
    {
        var peak = a.PeakIncrease >= b.PeakIncrease ? a : b;
        return new FileTransferResult(
            a.Client,
            a.Bytes,
            (a.MedianSeconds + b.MedianSeconds) / 2,
            Math.Min(a.FastestSeconds, b.FastestSeconds),
            Math.Max(a.SlowestSeconds, b.SlowestSeconds),
            (a.WriteSeconds + b.WriteSeconds) / 2,
            (a.ReadSeconds + b.ReadSeconds) / 2,
            peak.ResidentBefore,
            peak.PeakResident,
            a.PeakWasReset && b.PeakWasReset,
            (a.WriteAllocated + b.WriteAllocated) / 2,
            (a.ReadAllocated + b.ReadAllocated) / 2);
    }
}
