using System.Globalization;

namespace Sockt.Emulator.Processes;

/// <summary>
/// The two kernel interfaces that can freeze a group of processes: the cgroup v1 freezer hierarchy and cgroup v2's
/// <c>cgroup.freeze</c>. They differ only in file names and values.
/// </summary>
internal sealed class CgroupFlavor
{
    private CgroupFlavor(string name, string root, string freezeFile, string freezeValue, string thawValue, string? killFile)
    {
        Name = name;
        Root = root;
        FreezeFile = freezeFile;
        FreezeValue = freezeValue;
        ThawValue = thawValue;
        KillFile = killFile;
    }

    /// <summary>cgroup v1: <c>freezer.state</c> FROZEN/THAWED; frozen tasks only die once thawed.</summary>
    public static CgroupFlavor V1 { get; } = new("v1", "/sys/fs/cgroup/freezer", "freezer.state", "FROZEN", "THAWED", killFile: null);

    /// <summary>cgroup v2 where it is mounted (on pure v2 systems /sys/fs/cgroup), or null.</summary>
    public static CgroupFlavor? V2 { get; } = FindV2();

    public string Name { get; }

    /// <summary>Where the emulator creates its groups.</summary>
    public string Root { get; }

    public string FreezeFile { get; }

    public string FreezeValue { get; }

    public string ThawValue { get; }

    /// <summary>v2's <c>cgroup.kill</c> (kernel 5.14+), which kills a whole subtree at once.</summary>
    public string? KillFile { get; }

    /// <summary>Whether a group in the middle of freezing has finished (every task stopped).</summary>
    public bool IsSettled(string directory)
    {
        try
        {
            return this == V1
                ? File.ReadAllText(Path.Combine(directory, FreezeFile)).Trim() != "FREEZING"
                : File.ReadAllLines(Path.Combine(directory, "cgroup.events")).Contains("frozen 1");
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>Whether this machine lets us create and freeze groups of this flavor.</summary>
    public bool IsUsable()
    {
        var probe = Path.Combine(Root, "sockt-probe-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        try
        {
            Directory.CreateDirectory(probe);
            var usable = File.Exists(Path.Combine(probe, FreezeFile));
            Directory.Delete(probe);
            return usable;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static CgroupFlavor? FindV2()
    {
        try
        {
            // /proc/self/mounts: "<source> <mount point> <type> <options> 0 0".
            var mountPoint = File.ReadLines("/proc/self/mounts")
                .Select(line => line.Split(' '))
                .FirstOrDefault(fields => fields.Length > 2 && fields[2] == "cgroup2")?[1];
            return mountPoint is null ? null : new CgroupFlavor("v2", mountPoint, "cgroup.freeze", "1", "0", "cgroup.kill");
        }
        catch (IOException)
        {
            return null;
        }
    }
}
