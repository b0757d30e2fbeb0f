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
}
