using System.Diagnostics;
using System.Globalization;
using Sockt.Emulator.Processes;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// Builds the command line that runs a program inside a sandbox. Executions and the interactive shell both use it,
/// so the isolation rules live in one place (docs/emulator.md, "Threat model").
/// </summary>
/// <remarks>
/// Under bubblewrap a sandbox process runs, in this order: the process-group prefix (joins the sandbox's cgroups, as
/// the emulator's user), <c>setpriv</c> (when the emulator is root: switches to the sandbox's own host user, drops every
/// capability and the bounding set, sets no_new_privs), then <c>bwrap</c> with a user namespace of its own (uid 1000
/// inside, mapped to that host user), every capability dropped, new PID/IPC/UTS/cgroup/network namespaces, a fresh
/// <c>/proc</c>, the host read-only and every other sandbox and the emulator's data hidden.
/// </remarks>
internal sealed class SandboxLauncher(IsolationMode mode, SandboxNetwork network, string dataRoot, string bwrapPath = SandboxLauncher.BwrapPath)
{
    public const string SandboxHome = "/home/sandbox";
    public const string BwrapPath = "/usr/bin/bwrap";
    public const string SetprivPath = "/usr/bin/setpriv";
    public const string PastaPath = "/usr/bin/pasta";
    public const string EnvPath = "/usr/bin/env";

    /// <summary>The uid and gid sandbox processes have inside their user namespace.</summary>
    public const int SandboxUid = 1000;

    /// <summary>Either <see cref="IsolationMode.Bwrap"/> or <see cref="IsolationMode.None"/> (Auto is resolved at startup).</summary>
    public IsolationMode Mode { get; } = mode;

    /// <summary>The network sandboxes get.</summary>
    public SandboxNetwork Network { get; } = network;

    /// <summary>Whether sandbox processes get host users of their own: the emulator runs as root and isolates.</summary>
    public bool SeparatesUsers => Mode == IsolationMode.Bwrap && NativeMethods.GetEffectiveUserId() == 0;

    /// <summary>
    /// Resolves <see cref="IsolationMode.Auto"/> to <see cref="IsolationMode.Bwrap"/> and checks that bubblewrap works
    /// with every isolation flag. Only an explicit <see cref="IsolationMode.None"/> runs sandboxes unisolated.
    /// </summary>
    /// <exception cref="InvalidOperationException">Isolation does not work on this machine.</exception>
    public static async Task<IsolationMode> ResolveAsync(IsolationMode requested, SandboxNetwork network, string bwrapPath, CancellationToken cancellationToken)
    {
        if (requested == IsolationMode.None)
        {
            return IsolationMode.None;
        }

        var problem = await ProbeAsync(bwrapPath, network, cancellationToken);
        return problem is null
            ? IsolationMode.Bwrap
            : throw new InvalidOperationException(
                "Sandboxes cannot be isolated on this machine: " + problem + ". Install bubblewrap (apt-get install bubblewrap) and allow "
                + "unprivileged user namespaces, or start with --isolation none (IsolationMode.None) to run sandbox commands as plain, "
                + "unconfined host processes.");
    }

    /// <summary>
    /// The command line running <paramref name="command"/> in <paramref name="sandbox"/>, in <paramref name="workingDirectory"/>
    /// (a path as seen inside, under /home/sandbox), as a member of <paramref name="group"/>.
    /// </summary>
    public LaunchSpec Build(Sandbox sandbox, string workingDirectory, IReadOnlyList<string> command, ProcessGroup group, bool terminal)
    {
        var homeDirectory = sandbox.HomeDirectory;
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = Mode == IsolationMode.Bwrap ? SandboxHome : homeDirectory,
            ["USER"] = "sandbox",
            ["LOGNAME"] = "sandbox",
            ["SHELL"] = "/bin/bash",
            ["LANG"] = "C.UTF-8",
            ["SOCKT_SANDBOX_ID"] = sandbox.Id,
        };
        if (terminal)
        {
            environment["TERM"] = "xterm-256color";
        }

        var line = new List<string>(group.LaunchPrefix);
        if (sandbox.Cgroups is { } cgroups)
        {
            line.AddRange(cgroups.LaunchPrefix);
        }

        string hostWorkingDirectory;
        if (Mode == IsolationMode.Bwrap)
        {
            line.AddRange(PrefixBeforeBwrap(Network, sandbox.Home.HostUser));
            line.Add(bwrapPath);
            line.AddRange(IsolationFlags(terminal, Network));
            var tmpSize = sandbox.Limits.TmpBytes.ToString(CultureInfo.InvariantCulture);
            line.AddRange(
            [
                "--hostname", "sockt-sandbox",
                "--ro-bind", "/", "/",
                "--dev", "/dev",
                // /dev/shm would otherwise be part of bwrap's /dev tmpfs, as large as half the host's RAM.
                "--size", tmpSize, "--tmpfs", "/dev/shm",
                "--proc", "/proc",
                "--size", tmpSize, "--tmpfs", "/tmp",
                "--tmpfs", "/run",
                "--tmpfs", "/root",
                "--tmpfs", "/home",
                // Hide every other sandbox and the emulator's own data before binding this sandbox's home.
                "--tmpfs", dataRoot,
                "--bind", homeDirectory, SandboxHome,
                "--chdir", workingDirectory,
                "--",
            ]);
            hostWorkingDirectory = homeDirectory;
        }
        else
        {
            hostWorkingDirectory = ToHostPath(homeDirectory, workingDirectory);
        }

        line.AddRange(command);
        return new LaunchSpec(line[0], line.Skip(1).ToList(), hostWorkingDirectory, environment);
    }

    /// <summary>Maps a path as seen inside the sandbox (under /home/sandbox) to the host path of the home directory.</summary>
    public static string ToHostPath(string homeDirectory, string sandboxPath)
    {
        var relative = sandboxPath.Length > SandboxHome.Length ? sandboxPath[(SandboxHome.Length + 1)..] : "";
        return relative.Length == 0 ? homeDirectory : Path.Combine(homeDirectory, relative);
    }

    /// <summary>
    /// What runs before bwrap: setpriv to the sandbox's host user (as root), env restoring SIGPIPE (.NET ignores it, and
    /// an ignored signal is inherited: <c>yes | head</c> would complain of broken pipes, and pasta refuses to start),
    /// and for outbound networking pasta, which
    /// creates the network namespace bwrap then runs in. pasta makes its own user namespace, inside which bwrap needs
    /// the capabilities pasta grants to build the sandbox's: no_new_privs would strip them, so on that path it is bwrap
    /// that sets no_new_privs (it always does, before running the command).
    /// </summary>
    private static List<string> PrefixBeforeBwrap(SandboxNetwork network, uint? uid)
    {
        var outbound = network == SandboxNetwork.Outbound;
        var line = new List<string>();
        if (uid is not null || outbound)
        {
            line.Add(SetprivPath);
            if (uid is { } user)
            {
                var id = user.ToString(CultureInfo.InvariantCulture);
                // The sandbox's own host user, no supplementary group, no capability left (bounding set included).
                line.AddRange(["--reuid=" + id, "--regid=" + id, "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]);
            }

            if (outbound)
            {
                // pasta sits between the emulator and bwrap: it must die with the emulator, so bwrap's --die-with-parent fires.
                line.Add("--pdeathsig=KILL");
            }
            else
            {
                line.Add("--no-new-privs");
            }

            line.Add("--");
        }

        line.AddRange([EnvPath, "--default-signal=PIPE"]);
        if (outbound)
        {
            // No port forwarded either way (-t/-u: host to sandbox; -T/-U: the sandbox's loopback to the host's), and the
            // gateway address not mapped to the host's loopback: outbound connections only, never to the host's 127.0.0.1.
            line.AddRange([PastaPath, "--config-net", "--quiet", "-t", "none", "-u", "none", "-T", "none", "-U", "none", "--no-map-gw", "--"]);
        }

        return line;
    }

    private static List<string> IsolationFlags(bool terminal, SandboxNetwork network)
    {
        var flags = new List<string>
        {
            "--unshare-user", "--uid", SandboxUid.ToString(CultureInfo.InvariantCulture), "--gid", SandboxUid.ToString(CultureInfo.InvariantCulture),
            // No nested user namespaces: they would hand the sandbox capabilities over a namespace of its own.
            "--disable-userns",
            "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup",
            "--cap-drop", "ALL",
            "--die-with-parent",
        };
        if (network == SandboxNetwork.Loopback)
        {
            // Outbound runs in pasta's namespace; Host shares the host's.
            flags.Add("--unshare-net");
        }

        if (!terminal)
        {
            // setsid: an execution has no terminal, and a new session keeps it from pushing input (TIOCSTI) into one of
            // the emulator's. A shell's terminal is the sandbox's own PTY, which only the sandbox reads, so the shell
            // keeps it as its controlling terminal (job control works).
            flags.Add("--new-session");
        }

        return flags;
    }

    /// <summary>Runs /bin/true the way sandboxes run; null when that works, else why not.</summary>
    private static async Task<string?> ProbeAsync(string bwrapPath, SandboxNetwork network, CancellationToken cancellationToken)
    {
        if (!File.Exists(bwrapPath))
        {
            return $"'{bwrapPath}' is not installed";
        }

        var root = NativeMethods.GetEffectiveUserId() == 0;
        if (root && !File.Exists(SetprivPath))
        {
            return $"'{SetprivPath}' (util-linux) is not installed; it drops sandboxes to a user of their own";
        }

        if (network == SandboxNetwork.Outbound && !File.Exists(PastaPath))
        {
            return $"outbound networking needs '{PastaPath}' (apt-get install passt)";
        }

        // Any unused uid shows whether an unprivileged user can build the sandbox.
        var line = PrefixBeforeBwrap(network, root ? 0x3FFF_FFFF : null);
        line.Add(bwrapPath);
        line.AddRange(IsolationFlags(terminal: false, network));
        line.AddRange(["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--", "/bin/true"]);
        try
        {
            var start = new ProcessStartInfo(line[0])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
                WorkingDirectory = "/",
            };
            foreach (var argument in line.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? null : $"bubblewrap failed ({(await error).Trim()})";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "bubblewrap could not start (" + e.Message + ")";
        }
    }
}
