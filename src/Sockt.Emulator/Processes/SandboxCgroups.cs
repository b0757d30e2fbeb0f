using System.Globalization;

namespace Sockt.Emulator.Processes;

/// <summary>A sandbox's pids and memory cgroups: every process of the sandbox joins both before it runs anything.</summary>
internal sealed class SandboxCgroups(string pidsDirectory, string memoryDirectory, SandboxLimits limits)
{
    /// <summary>Arguments to put before the command line: joins both groups, then execs the rest.</summary>
    public IReadOnlyList<string> LaunchPrefix { get; } =
    [
        "/bin/sh", "-c", "echo $$ > \"$0\" && echo $$ > \"$1\" && shift && exec \"$@\"",
        Path.Combine(pidsDirectory, "cgroup.procs"),
        Path.Combine(memoryDirectory, "cgroup.procs"),
    ];

    /// <summary>How often the kernel refused a fork (pids.max) and killed a process for memory, so far.</summary>
    public LimitCounters Read() => new(
        ReadCounter(Path.Combine(pidsDirectory, "pids.events"), "max"),
        ReadCounter(Path.Combine(memoryDirectory, "memory.oom_control"), "oom_kill"));

    /// <summary>
    /// What limit the sandbox hit since <paramref name="before"/>, as a sentence for an execution's <c>error</c>, or null.
    /// </summary>
    public string? LimitHitSince(LimitCounters before)
    {
        var now = Read();
        if (now.OutOfMemoryKills > before.OutOfMemoryKills)
        {
            return string.Create(CultureInfo.InvariantCulture, $"out of memory: the sandbox reached its memory limit ({limits.MemoryBytes / (1024 * 1024)} MiB, files in /tmp and the home included) and the kernel killed a process (memory_limit_exceeded)");
        }

        return now.RefusedForks > before.RefusedForks
            ? string.Create(CultureInfo.InvariantCulture, $"process limit reached: the sandbox may run {limits.MaxProcesses} processes and threads at once, and a fork failed (process_limit_exceeded)")
            : null;
    }

    /// <summary>Removes both groups once the sandbox's processes are gone.</summary>
    public void Release()
    {
        CgroupLimits.RemoveTree(pidsDirectory);
        CgroupLimits.RemoveTree(memoryDirectory);
    }

    private static long ReadCounter(string file, string name)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var fields = line.Split(' ');
                if (fields.Length == 2 && fields[0] == name && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
