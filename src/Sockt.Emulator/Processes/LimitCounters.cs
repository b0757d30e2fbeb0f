namespace Sockt.Emulator.Processes;

/// <summary>Kernel counters of a sandbox's cgroups: forks refused at pids.max, processes killed at the memory limit.</summary>
internal readonly record struct LimitCounters(long RefusedForks, long OutOfMemoryKills);
