namespace Sockt.Emulator.Processes;

/// <summary>
/// Fallback when freezer cgroups are not available: signals the process trees of the tracked roots.
/// A process that leaves its tree (double fork outside a PID namespace) escapes it; docs/emulator.md says so.
/// </summary>
internal sealed class SignalProcessGroup : ProcessGroup
{
    private readonly HashSet<int> roots = [];
    private readonly List<SignalProcessGroup> children = [];

    public override IReadOnlyList<string> LaunchPrefix { get; } = [];

    public override ProcessGroup CreateChild(string name)
    {
        var child = new SignalProcessGroup();
        lock (children)
        {
            children.Add(child);
        }

        return child;
    }

    public override void Track(int processId)
    {
        lock (roots)
        {
            roots.Add(processId);
        }
    }

    public override void Freeze()
    {
        // Repeat until no new process shows up, so a process forked during the sweep is stopped too.
        var stopped = new HashSet<int>();
        for (var round = 0; round < 10; round++)
        {
            var fresh = ProcessTable.DescendantsOf(AllRoots()).Where(stopped.Add).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var pid in fresh)
            {
                _ = NativeMethods.Kill(pid, NativeMethods.SigStop);
            }
        }
    }

    public override void Thaw()
    {
        foreach (var pid in ProcessTable.DescendantsOf(AllRoots()))
        {
            _ = NativeMethods.Kill(pid, NativeMethods.SigCont);
        }
    }

    public override void KillAll()
    {
        Freeze();
        foreach (var pid in ProcessTable.DescendantsOf(AllRoots()))
        {
            _ = NativeMethods.Kill(pid, NativeMethods.SigKill);
        }
    }

    public override void Release()
    {
        lock (roots)
        {
            roots.Clear();
        }

        lock (children)
        {
            children.Clear();
        }
    }

    private List<int> AllRoots()
    {
        var all = new List<int>();
        lock (roots)
        {
            all.AddRange(roots);
        }

        SignalProcessGroup[] snapshot;
        lock (children)
        {
            snapshot = [.. children];
        }

        foreach (var child in snapshot)
        {
            all.AddRange(child.AllRoots());
        }

        return all;
    }
}
