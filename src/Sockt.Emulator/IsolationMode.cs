namespace Sockt.Emulator;

/// <summary>How the emulator confines the processes of a sandbox.</summary>
public enum IsolationMode
{
    /// <summary>Use bubblewrap when <c>/usr/bin/bwrap</c> works on this machine, else <see cref="None"/>.</summary>
    Auto,

    /// <summary>Run every sandbox process under bubblewrap (own mount and PID namespaces, host read-only). Fails to start when bwrap does not work.</summary>
    Bwrap,

    /// <summary>Plain host processes in the sandbox's home directory. Isolates nothing; for machines without bubblewrap.</summary>
    None,
}
