using System.Diagnostics;
using Sockt.Emulator.Processes;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// Builds the command line that runs a program inside a sandbox. Executions and the interactive shell both use it,
/// so the isolation rules live in one place.
/// </summary>
internal sealed class SandboxLauncher(IsolationMode mode, string dataRoot)
{
    public const string SandboxHome = "/home/sandbox";
    public const string BwrapPath = "/usr/bin/bwrap";

    /// <summary>Either <see cref="IsolationMode.Bwrap"/> or <see cref="IsolationMode.None"/> (Auto is resolved at startup).</summary>
    public IsolationMode Mode { get; } = mode;

    /// <summary>Resolves <see cref="IsolationMode.Auto"/> and checks that a requested bwrap actually works.</summary>
    public static async Task<IsolationMode> ResolveAsync(IsolationMode requested, CancellationToken cancellationToken)
    {
        if (requested == IsolationMode.None)
        {
            return IsolationMode.None;
        }

        var works = await BwrapWorksAsync(cancellationToken);
        return works switch
        {
            true => IsolationMode.Bwrap,
            false when requested == IsolationMode.Auto => IsolationMode.None,
            _ => throw new InvalidOperationException($"Isolation mode Bwrap was requested but '{BwrapPath}' does not work on this machine; install bubblewrap or use IsolationMode.None."),
        };
    }

    /// <summary>
    /// The command line running <paramref name="command"/> in the sandbox whose home is <paramref name="homeDirectory"/>,
    /// in <paramref name="workingDirectory"/> (a path as seen inside, under /home/sandbox), as a member of <paramref name="group"/>.
    /// </summary>
    public LaunchSpec Build(string sandboxId, string homeDirectory, string workingDirectory, IReadOnlyList<string> command, ProcessGroup group, bool terminal)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = Mode == IsolationMode.Bwrap ? SandboxHome : homeDirectory,
            ["USER"] = "sandbox",
            ["LOGNAME"] = "sandbox",
            ["SHELL"] = "/bin/bash",
            ["LANG"] = "C.UTF-8",
            ["SOCKT_SANDBOX_ID"] = sandboxId,
        };
        if (terminal)
        {
            environment["TERM"] = "xterm-256color";
        }

        var arguments = new List<string>(group.LaunchPrefix.Skip(1));
        var fileName = group.LaunchPrefix.Count > 0 ? group.LaunchPrefix[0] : null;
        string hostWorkingDirectory;
        if (Mode == IsolationMode.Bwrap)
        {
            if (fileName is null)
            {
                fileName = BwrapPath;
            }
            else
            {
                arguments.Add(BwrapPath);
            }

            arguments.AddRange(
            [
                "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent",
                "--hostname", "sockt-sandbox",
                "--ro-bind", "/", "/",
                "--dev", "/dev",
                "--proc", "/proc",
                "--tmpfs", "/tmp",
                "--tmpfs", "/run",
                "--tmpfs", "/root",
                "--tmpfs", "/home",
                // Hide every other sandbox and the emulator's own data before binding this sandbox's home.
                "--tmpfs", dataRoot,
                "--bind", homeDirectory, SandboxHome,
                "--chdir", workingDirectory,
            ]);
            if (!terminal)
            {
                // setsid: an execution has no terminal, and a new session keeps it from injecting input into ours.
                arguments.Add("--new-session");
            }

            arguments.Add("--");
            hostWorkingDirectory = homeDirectory;
        }
        else
        {
            hostWorkingDirectory = ToHostPath(homeDirectory, workingDirectory);
        }

        if (fileName is null)
        {
            fileName = command[0];
            arguments.AddRange(command.Skip(1));
        }
        else
        {
            arguments.AddRange(command);
        }

        return new LaunchSpec(fileName, arguments, hostWorkingDirectory, environment);
    }

    /// <summary>Maps a path as seen inside the sandbox (under /home/sandbox) to the host path of the home directory.</summary>
    public static string ToHostPath(string homeDirectory, string sandboxPath)
    {
        var relative = sandboxPath.Length > SandboxHome.Length ? sandboxPath[(SandboxHome.Length + 1)..] : "";
        return relative.Length == 0 ? homeDirectory : Path.Combine(homeDirectory, relative);
    }

    private static async Task<bool> BwrapWorksAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(BwrapPath))
        {
            return false;
        }

        try
        {
            var start = new ProcessStartInfo(BwrapPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "--unshare-pid", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/home", "--", "/bin/true" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
