namespace Sockt.Benchmarks.Hosting;

/// <summary>The `--serve` process's own counters at one moment (printed as one JSON line on its standard output).</summary>
/// <param name="Allocated">GC.GetTotalAllocatedBytes(precise: true): every byte the server allocated so far.</param>
/// <param name="Resident">VmRSS in bytes.</param>
/// <param name="PeakResident">VmHWM in bytes: since the last "reset-peak", else since the process started.</param>
internal sealed record EmulatorStats(long Allocated, long Resident, long PeakResident);
