using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Sockt.Emulator.Processes;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// The sandbox homes of one emulator run, in a run directory of their own (<c>&lt;data&gt;/run-&lt;pid&gt;-&lt;random&gt;</c>)
/// that the run holds locked while it lives. On start, every run directory whose lock nobody holds is what a crashed
/// emulator left: its mounts are detached and it is deleted. A run of another emulator sharing the data directory
/// holds its lock, so it is never touched.
/// </summary>
internal sealed class SandboxHomes : IDisposable
{
    private const string LockFileName = ".lock";
    private const string RunPrefix = "run-";

    /// <summary>Sandbox users are picked at random from [First, First + Count): far above any account of a real system.</summary>
    private const uint FirstUid = 0x4000_0000;
    private const uint UidCount = 0x3000_0000;

    private readonly FileStream runLock;
    private readonly ILogger logger;
    private readonly bool separateUsers;
    private readonly HashSet<uint> usersInUse = [];
    private bool sizeLimits = true;

    /// <param name="dataRoot">The directory that holds run directories (created when missing).</param>
    /// <param name="separateUsers">Whether each home gets a host user of its own (the emulator runs as root and isolates).</param>
    /// <param name="logger">Where failures to remove leftovers are reported.</param>
    public SandboxHomes(string dataRoot, bool separateUsers, ILogger logger)
    {
        this.logger = logger;
        this.separateUsers = separateUsers;
        DataRoot = dataRoot;
        Directory.CreateDirectory(dataRoot);
        RemoveAbandonedRuns();

        RunDirectory = Path.Combine(dataRoot, RunPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        // Traversable but not listable: a sandbox user reaches only the home bubblewrap binds, by its full path.
        CreateDirectory(RunDirectory, Traversable);
        CreateDirectory(Path.Combine(RunDirectory, "sandboxes"), Traversable);
        // .NET locks a FileShare.None stream with flock(LOCK_EX): held until this process ends, however it ends.
        runLock = new FileStream(Path.Combine(RunDirectory, LockFileName), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>Whether <paramref name="uid"/> is in the range sandbox users are picked from (any run's, live or not).</summary>
    public static bool IsSandboxUser(uint uid) => uid - FirstUid < UidCount;

    /// <summary>The directory of every run (hidden from sandboxes as a whole).</summary>
    public string DataRoot { get; }

    /// <summary>This run's directory; homes are <c>sandboxes/&lt;id&gt;/home</c> inside it.</summary>
    public string RunDirectory { get; }

    /// <summary>
    /// Creates the home of <paramref name="sandboxId"/>, owned by a host user of its own when the emulator runs as root.
    /// With <paramref name="sizeBytes"/> (root only) the home is a tmpfs of that size, so a full home answers ENOSPC to
    /// the sandbox and to the file API instead of filling the host's disk.
    /// </summary>
    public SandboxHome Create(string sandboxId, long? sizeBytes)
    {
        var owner = separateUsers ? RentUser() : (uint?)null;
        try
        {
            return Populate(sandboxId, sizeBytes, owner);
        }
        catch (IOException)
        {
            // A full disk (or a failed mount) leaves no half-made home and no rented user behind.
            Delete(new SandboxHome(Path.Combine(RunDirectory, "sandboxes", sandboxId, "home"), owner));
            throw;
        }
    }

    private SandboxHome Populate(string sandboxId, long? sizeBytes, uint? owner)
    {
        var sandboxDirectory = Path.Combine(RunDirectory, "sandboxes", sandboxId);
        var home = Path.Combine(sandboxDirectory, "home");
        CreateDirectory(sandboxDirectory, Traversable);
        CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (owner is { } uid)
        {
            if (sizeBytes is { } size && sizeLimits)
            {
                var options = string.Create(CultureInfo.InvariantCulture, $"size={size},mode=0700,uid={uid},gid={uid},nr_inodes={Math.Max(1024, size / 4096)}");
                if (NativeMethods.Mount("sockt-home", home, "tmpfs", MountNoSuid | MountNoDev, options) != 0)
                {
                    // A root without CAP_SYS_ADMIN (some containers): homes keep working, without a size limit.
                    sizeLimits = false;
                    logger.LogWarning("Cannot mount size-limited homes (errno {Errno}): sandbox homes have no size limit", Marshal.GetLastPInvokeError());
                }
            }

            Chown(home, uid);
        }

        var files = new Dictionary<string, string>
        {
            [".bashrc"] = "# ~/.bashrc of a Sockt emulator sandbox\nPS1='sandbox:\\w\\$ '\n",
            [".profile"] = "# ~/.profile of a Sockt emulator sandbox\n[ -n \"$BASH_VERSION\" ] && [ -f \"$HOME/.bashrc\" ] && . \"$HOME/.bashrc\"\n",
        };
        foreach (var (name, content) in files)
        {
            var path = Path.Combine(home, name);
            File.WriteAllText(path, content);
            if (owner is { } fileOwner)
            {
                Chown(path, fileOwner);
            }
        }

        return new SandboxHome(home, owner);
    }

    /// <summary>Removes a home created by <see cref="Create"/> (and its mount), and frees its user for reuse.</summary>
    public void Delete(SandboxHome home)
    {
        var sandboxDirectory = Path.GetDirectoryName(home.Directory)!;
        DetachMountsUnder(sandboxDirectory);
        if (Directory.Exists(sandboxDirectory))
        {
            TreeRemover.Remove(sandboxDirectory);
        }

        if (home.HostUser is { } uid)
        {
            lock (usersInUse)
            {
                usersInUse.Remove(uid);
            }
        }
    }

    /// <summary>Removes this run's directory (whatever homes are left) and releases its lock.</summary>
    public void Dispose()
    {
        try
        {
            DetachMountsUnder(RunDirectory);
            TreeRemover.Remove(RunDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not remove the emulator's run directory: {Reason}", e.Message);
        }

        runLock.Dispose();
    }

    /// <summary>rwx--x--x: others may pass through to a path they know, not list it.</summary>
    public const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private const ulong MountNoSuid = 2;
    private const ulong MountNoDev = 4;

    /// <summary>Creates <paramref name="path"/> (and missing parents) with <paramref name="mode"/>; sandboxes exist on Linux only.</summary>
    public static void CreateDirectory(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The Sockt emulator runs sandboxes on Linux only.");
        }

        Directory.CreateDirectory(path, mode);
    }

    private uint RentUser()
    {
        lock (usersInUse)
        {
            uint uid;
            do
            {
                uid = FirstUid + (uint)RandomNumberGenerator.GetInt32((int)UidCount);
            }
            while (!usersInUse.Add(uid));

            return uid;
        }
    }

    private void RemoveAbandonedRuns()
    {
        foreach (var run in Directory.EnumerateDirectories(DataRoot, RunPrefix + "*"))
        {
            FileStream? probe;
            try
            {
                probe = new FileStream(Path.Combine(run, LockFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (FileNotFoundException)
            {
                // A run that died between creating its directory and its lock, or one being created right now: only
                // the former is old.
                if (Directory.GetLastWriteTimeUtc(run) > DateTime.UtcNow.AddMinutes(-1))
                {
                    continue;
                }

                probe = null;
            }
            catch (IOException)
            {
                // Locked: a live emulator's run.
                continue;
            }

            using (probe)
            {
                try
                {
                    DetachMountsUnder(run);
                    TreeRemover.Remove(run);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning("Could not remove a crashed run's directory: {Reason}", e.Message);
                }
            }
        }
    }

    private static void DetachMountsUnder(string directory)
    {
        var prefix = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + "/";
        string[] lines;
        try
        {
            lines = File.ReadAllLines("/proc/self/mountinfo");
        }
        catch (IOException)
        {
            return;
        }

        // mountinfo's fifth field is the mount point, with space, tab, newline and backslash octal-escaped.
        var mountPoints = lines
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(point => point.Length);
        foreach (var point in mountPoints)
        {
            _ = NativeMethods.Unmount(point, NativeMethods.MntDetach);
        }
    }

    private static string Unescape(string field)
    {
        var text = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }

    private static void Chown(string path, uint owner)
    {
        if (NativeMethods.Chown(path, owner, owner) != 0)
        {
            throw new IOException($"cannot hand a sandbox home to its user (errno {Marshal.GetLastPInvokeError()})");
        }
    }
}
