using System.Globalization;

namespace Sockt.Emulator.Processes;

/// <summary>
/// A freezer cgroup (v1 or v2). The kernel freezes and lists every member, including processes that fork or escape
/// their parent, so pause and kill leave nothing behind.
/// </summary>
internal sealed class CgroupProcessGroup : ProcessGroup
{
    private readonly CgroupFlavor flavor;
    private readonly string path;
    private readonly List<CgroupProcessGroup> children = [];

    public CgroupProcessGroup(CgroupFlavor flavor, string path)
    {
        this.flavor = flavor;
        this.path = path;
        Directory.CreateDirectory(path);
        LaunchPrefix = ["/bin/sh", "-c", "echo $$ > \"$0\" && exec \"$@\"", Path.Combine(path, "cgroup.procs")];
    }

    public override IReadOnlyList<string> LaunchPrefix { get; }

    /// <summary>
    /// Removes the groups of emulators that died without cleaning up (killed with SIGKILL), killing whatever of
    /// theirs still runs. Group names carry the owning process id: <c>sockt-emulator-&lt;pid&gt;-&lt;random&gt;</c>.
    /// </summary>
    public static void RemoveAbandoned(CgroupFlavor flavor)
    {
        foreach (var directory in Directory.EnumerateDirectories(flavor.Root, "sockt-emulator-*"))
        {
            var parts = Path.GetFileName(directory).Split('-');
            if (parts.Length != 4 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var owner) || Directory.Exists("/proc/" + owner.ToString(CultureInfo.InvariantCulture)))
            {
                continue;
            }

            var abandoned = new CgroupProcessGroup(flavor, directory);
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
        var child = new CgroupProcessGroup(flavor, Path.Combine(path, name));
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
        TryWrite(flavor.FreezeFile, flavor.FreezeValue);
        // Freezing completes once every task stopped; wait for that (bounded) so callers see a stopped sandbox.
        for (var i = 0; i < 200 && !flavor.IsSettled(path); i++)
        {
            Thread.Sleep(5);
        }
    }

    public override void Thaw() => TryWrite(flavor.FreezeFile, flavor.ThawValue);

    public override void KillAll()
    {
        if (flavor.KillFile is { } killFile && File.Exists(Path.Combine(path, killFile)))
        {
            // One write kills the whole subtree, frozen or not; the loop below then only waits for it to empty.
            TryWrite(killFile, "1");
        }

        for (var round = 0; round < 50; round++)
        {
            var pids = MemberPids();
            if (pids.Count == 0)
            {
                break;
            }

            if (round == 3 && flavor.KillFile is null)
            {
                // Still refilling after three rounds: a fork bomb. Frozen, it cannot fork between the reading of its
                // members and their deaths.
                Freeze();
            }

            foreach (var pid in pids)
            {
                _ = NativeMethods.Kill(pid, NativeMethods.SigKill);
            }

            // Frozen v1 tasks only die once thawed.
            ThawTree();
            Thread.Sleep(round < 5 ? 1 : 10);
        }

        // A process that joined after the last look (a command being started right now) must not stay frozen: it
        // would never act on the SIGKILL its starter sends it.
        ThawTree();
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

        foreach (var state in Directory.EnumerateFiles(path, flavor.FreezeFile, SearchOption.AllDirectories))
        {
            try
            {
                File.WriteAllText(state, flavor.ThawValue);
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
}
