namespace Sockt.Emulator;

/// <summary>
/// What one sandbox may use. <see cref="Defaults"/> is the one table of per-tier limits (docs/emulator.md, "Limits");
/// <see cref="SocktEmulatorOptions.Limits"/> overrides it per tier.
/// </summary>
/// <remarks>
/// Processes and memory are enforced by the kernel through the sandbox's cgroups (v1 <c>pids</c> and <c>memory</c>
/// controllers, root only); <c>/tmp</c> and <c>/dev/shm</c> are size-limited tmpfs; the home is a size-limited tmpfs
/// when the emulator runs as root. Both tmpfs live in RAM, so what a sandbox stores there counts against its memory
/// limit too: the defaults keep home + /tmp well below the memory limit, so a full disk answers ENOSPC before the
/// memory limit is reached.
/// </remarks>
public sealed record SandboxLimits
{
    private const long MiB = 1024 * 1024;

    /// <summary>Most processes and threads alive at once (cgroup <c>pids.max</c>); a fork beyond it fails with EAGAIN.</summary>
    public required int MaxProcesses { get; init; }

    /// <summary>Most memory, in bytes, of the sandbox's processes and of what it stores in its tmpfs (cgroup memory limit); beyond it the kernel kills a process of the sandbox.</summary>
    public required long MemoryBytes { get; init; }

    /// <summary>Size of <c>/tmp</c> (and of <c>/dev/shm</c>), in bytes; a write beyond it fails with ENOSPC.</summary>
    public required long TmpBytes { get; init; }

    /// <summary>Size of the home, in bytes (root only); a write beyond it fails with ENOSPC, and the file API answers 413 <c>disk_full</c>.</summary>
    public required long HomeBytes { get; init; }

    /// <summary>Most shell WebSocket sessions open at once; one more is refused with 429 <c>too_many_shells</c>.</summary>
    public required int MaxShells { get; init; }

    /// <summary>The per-tier table (keyed by tier name), and the limits of tiers it does not list (<see cref="Fallback"/>).</summary>
    public static IReadOnlyDictionary<string, SandboxLimits> Defaults { get; } = new Dictionary<string, SandboxLimits>(StringComparer.Ordinal)
    {
        // tier            processes  memory MiB  /tmp MiB  home MiB  shells
        ["nano"] = Create(512, 1024, 64, 256, 4),
        ["micro"] = Create(512, 2048, 128, 512, 4),
        ["small"] = Create(1024, 4096, 256, 1024, 8),
        ["medium"] = Create(2048, 8192, 512, 2048, 8),
        ["large"] = Create(4096, 16384, 1024, 4096, 16),
        ["gpu-small"] = Create(2048, 8192, 512, 2048, 8),
    };

    /// <summary>Limits of a tier that <see cref="Defaults"/> does not name (a custom tier table): those of nano.</summary>
    public static SandboxLimits Fallback => Defaults["nano"];

    private static SandboxLimits Create(int processes, long memoryMiB, long tmpMiB, long homeMiB, int shells) => new()
    {
        MaxProcesses = processes,
        MemoryBytes = memoryMiB * MiB,
        TmpBytes = tmpMiB * MiB,
        HomeBytes = homeMiB * MiB,
        MaxShells = shells,
    };
}
