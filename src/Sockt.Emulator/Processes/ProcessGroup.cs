namespace Sockt.Emulator.Processes;

/// <summary>
/// A set of processes that can be frozen, thawed and killed together: a whole sandbox, or one execution or shell
/// inside it. Children of a group are frozen and killed with it.
/// </summary>
internal abstract class ProcessGroup
{
    /// <summary>Creates a group nested in this one (an execution or shell of a sandbox).</summary>
    public abstract ProcessGroup CreateChild(string name);

    /// <summary>Arguments to put before the real command line so that the started process joins this group from its first instruction.</summary>
    public abstract IReadOnlyList<string> LaunchPrefix { get; }

    /// <summary>Tells the group about a process started with <see cref="LaunchPrefix"/>.</summary>
    public abstract void Track(int processId);

    /// <summary>Stops every process of the group (and of its children) until <see cref="Thaw"/>.</summary>
    public abstract void Freeze();

    /// <summary>Lets frozen processes run again.</summary>
    public abstract void Thaw();

    /// <summary>Kills every process of the group and of its children.</summary>
    public abstract void KillAll();

    /// <summary>Releases kernel resources once the group is empty.</summary>
    public abstract void Release();
}
