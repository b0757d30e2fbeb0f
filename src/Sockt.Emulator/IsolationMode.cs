namespace Sockt.Emulator;

/// <summary>How the emulator confines the processes of a sandbox (docs/emulator.md, "Threat model").</summary>
public enum IsolationMode
{
    /// <summary>
    /// The default: the same as <see cref="Bwrap"/>. Starting fails, with a message saying what is missing, when
    /// sandboxes cannot be isolated; the emulator never falls back to <see cref="None"/> on its own.
    /// </summary>
    Auto,

    /// <summary>
    /// Every sandbox process runs under bubblewrap: a user namespace with no capability, its own PID, IPC, UTS, cgroup and
    /// network namespaces, the host read-only, and (when the emulator runs as root) a host user of its own.
    /// </summary>
    Bwrap,

    /// <summary>
    /// Plain host processes of the emulator's user in the sandbox's home directory. Isolates nothing: a sandbox can do
    /// whatever the emulator's user can. Only when chosen explicitly (<c>--isolation none</c>); the banner warns.
    /// </summary>
    None,
}
