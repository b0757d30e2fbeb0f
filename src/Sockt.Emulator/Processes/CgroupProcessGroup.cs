using System.Globalization;

namespace Sockt.Emulator.Processes;

/// <summary>
/// A cgroup v1 freezer group. The kernel freezes and lists every member, including processes that fork or escape
/// their parent, so pause and kill leave nothing behind.
/// </summary>
internal sealed class CgroupProcessGroup : ProcessGroup
{
    public const string FreezerRoot = "/sys/fs/cgroup/freezer";

    private readonly string path;
    private readonly List<CgroupProcessGroup> children = [];

    public CgroupProcessGroup(string path)
    {
        this.path = path;
        Directory.CreateDirectory(path);
        LaunchPrefix = ["/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", Path.Combine(path, "cgroup.procs")];
    }

    public override IReadOnlyList<string> LaunchPrefix { get; }

    /// <summary>Whether this machine lets us create and use freezer cgroups.</summary>
    public static bool IsUsable()
    {
        var probe = Path.Combine(FreezerRoot, "sockt-probe-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(probe);
            var usable = File.Exists(Path.Combine(probe, "freezer.state"));
            Directory.Delete(probe);
            return usable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Removes the groups of emulators that died without cleaning up (killed with SIGKILL), killing whatever of
    /// theirs still runs. Group names carry the owning process id: <c>sockt-emulator-&lt;pid&gt;-&lt;random&gt;</c>.
    /// </summary>
    public static void RemoveAbandoned()
    {
        foreach (var directory in Directory.EnumerateDirectories(FreezerRoot, "sockt-emulator-*"))
        {
            var parts = Path.GetFileName(directory).Split('-');
            if (parts.Length != 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var owner) || Directory.Exists("/proc/" + owner.ToString(CultureInfo.InvariantCulture)))
            {
                continue;
            }

            var abandoned = new CgroupProcessGroup(directory);
            abandoned.KillAll();
            foreach (var child in Directory.EnumerateDirectories(directory, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            {
                TryRemove(child);
            }

            TryRemove(directory);
        }
    }

    public override ProcessGroup CreateChild(string name)
    {
        var child = new CgroupProcessGroup(Path.Combine(path, name));
        lock (children)
        {
            children.Add(child);
        }

        return child;
    }

    public override void Track(int processId)
    {
        // Membership is set by the launch prefix itself.
    }

    public override void Freeze()
    {
        TryWrite("freezer.state", "FROZEN");
        // FREEZING turns into FROZEN once every task stopped; wait for that (bounded) so callers see a stopped sandbox.
        for (var i = 0; i < 200 && TryRead("freezer.state")?.Trim() == "FREEZING"; i++)
        {
            Thread.Sleep(5);
        }
    }

    public override void Thaw() => TryWrite("freezer.state", "THAWED");

    public override void KillAll()
    {
        for (var round = 0; round < 50; round++)
        {
            var pids = MemberPids();
            if (pids.Count == 0)
            {
                break;
            }

            foreach (var pid in pids)
            {
                _ = NativeMethods.Kill(pid, NativeMethods.SigKill);
            }

            // Frozen tasks only die once thawed.
            ThawTree();
            Thread.Sleep(round < 5 ? 1 : 10);
        }
    }

    public override void Release()
    {
        CgroupProcessGroup[] snapshot;
        lock (children)
        {
            snapshot = [.. children];
            children.Clear();
        }

        foreach (var child in snapshot)
        {
            child.Release();
        }

        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path);
            }
        }
        catch (IOException)
        {
            // Still has members (a process that is being reaped); the kernel keeps it until then.
        }
    }

    private static void TryRemove(string directory)
    {
        try
        {
            Directory.Delete(directory);
        }
        catch (IOException)
        {
            // Not empty yet; a later start tries again.
        }
    }

    private List<int> MemberPids()
    {
        var pids = new List<int>();
        if (!Directory.Exists(path))
        {
            return pids;
        }

        foreach (var procs in Directory.EnumerateFiles(path, "cgroup.procs", SearchOption.AllDirectories))
        {
            try
            {
                foreach (var line in File.ReadAllLines(procs))
                {
                    if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                    {
                        pids.Add(pid);
                    }
                }
            }
            catch (IOException)
            {
            }
        }

        return pids;
    }

    private void ThawTree()
    {
        if (!Directory.Exists(path))
        {
            return;
        }

        foreach (var state in Directory.EnumerateFiles(path, "freezer.state", SearchOption.AllDirectories))
        {
            try
            {
                File.WriteAllText(state, "THAWED");
            }
            catch (IOException)
            {
            }
        }
    }

    private void TryWrite(string file, string value)
    {
        try
        {
            File.WriteAllText(Path.Combine(path, file), value);
        }
        catch (IOException)
        {
        }
    }

    private string? TryRead(string file)
    {
        try
        {
            return File.ReadAllText(Path.Combine(path, file));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
