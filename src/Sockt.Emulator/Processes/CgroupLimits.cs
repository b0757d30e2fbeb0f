using System.Globalization;

namespace Sockt.Emulator.Processes;

/// <summary>
/// The cgroup v1 <c>pids</c> and <c>memory</c> hierarchies the emulator caps sandboxes with: one directory per emulator
/// (<c>sockt-emulator-&lt;pid&gt;-&lt;random&gt;</c>, as for the freezer) holding one group per sandbox. Null where they
/// are not writable (not root, pure cgroup v2): limits on processes and memory are then not enforced.
/// </summary>
internal sealed class CgroupLimits
{
    private static readonly string[] Hierarchies = ["/sys/fs/cgroup/pids", "/sys/fs/cgroup/memory"];

    private readonly string name;

    private CgroupLimits(string name) => this.name = name;

    /// <summary>Creates this emulator's directories, after removing those of dead emulators; null when not possible here.</summary>
    public static CgroupLimits? TryCreate(string name)
    {
        if (!File.Exists(Path.Combine(Hierarchies[0], "cgroup.procs")) || !File.Exists(Path.Combine(Hierarchies[1], "memory.limit_in_bytes")))
        {
            return null;
        }

        try
        {
            foreach (var hierarchy in Hierarchies)
            {
                RemoveAbandoned(hierarchy);
                Directory.CreateDirectory(Path.Combine(hierarchy, name));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return new CgroupLimits(name);
    }

    /// <summary>The groups of one sandbox, with its limits written.</summary>
    public SandboxCgroups CreateSandbox(string sandboxId, SandboxLimits limits)
    {
        var pids = Path.Combine(Hierarchies[0], name, sandboxId);
        var memory = Path.Combine(Hierarchies[1], name, sandboxId);
        Directory.CreateDirectory(pids);
        Directory.CreateDirectory(memory);
        File.WriteAllText(Path.Combine(pids, "pids.max"), limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), limits.MemoryBytes.ToString(CultureInfo.InvariantCulture));
        return new SandboxCgroups(pids, memory, limits);
    }

    /// <summary>Removes this emulator's directories (each sandbox's are removed with the sandbox).</summary>
    public void Release()
    {
        foreach (var hierarchy in Hierarchies)
        {
            RemoveTree(Path.Combine(hierarchy, name));
        }
    }

    /// <summary>rmdir, deepest first; a group that still has members (a process being reaped) stays until a later start.</summary>
    public static void RemoveTree(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var child in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(directory))
        {
            try
            {
                Directory.Delete(child);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void RemoveAbandoned(string hierarchy)
    {
        foreach (var directory in Directory.EnumerateDirectories(hierarchy, "sockt-emulator-*"))
        {
            var parts = Path.GetFileName(directory).Split('-');
            if (parts.Length != 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var owner) || Directory.Exists("/proc/" + owner.ToString(CultureInfo.InvariantCulture)))
            {
                continue;
            }

            foreach (var procs in Directory.EnumerateFiles(directory, "cgroup.procs", SearchOption.AllDirectories))
            {
                foreach (var line in File.ReadAllLines(procs))
                {
                    if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                    {
                        _ = NativeMethods.Kill(pid, NativeMethods.SigKill);
                    }
                }
            }

            RemoveTree(directory);
        }
    }
}
