using System.Security.Cryptography;
using Sockt.Emulator.Http;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Pty;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// An interactive login shell in a sandbox on a PTY, counted against the sandbox's shell limit: the one way both the
/// shell WebSocket (<c>/v1/sandboxes/{id}/shell</c>) and the dashboard's terminal start one. Disposing it kills the
/// shell and every process it started, then frees the slot.
/// </summary>
internal sealed class SandboxShell : IAsyncDisposable
{
    private readonly ProcessGroup group;
    private readonly ShellSlot slot;

    private SandboxShell(PtyProcess pty, ProcessGroup group, ShellSlot slot)
    {
        Pty = pty;
        this.group = group;
        this.slot = slot;
    }

    public PtyProcess Pty { get; }

    /// <summary>Takes one of the sandbox's shell slots (429 <c>too_many_shells</c> when all are open), for <see cref="StartAsync"/>.</summary>
    public static ShellSlot OpenSlot(Sandbox sandbox) => sandbox.TryOpenShell() ?? throw new ApiException(
        StatusCodes.Status429TooManyRequests,
        "too_many_shells",
        $"the sandbox has {sandbox.Limits.MaxShells} shell sessions open already",
        "Close a shell session of this sandbox first");

    /// <summary>Starts <c>bash -l</c> in the sandbox's home on a terminal of 80x24; the shell owns <paramref name="slot"/> from here.</summary>
    public static async Task<SandboxShell> StartAsync(IServiceProvider services, Sandbox sandbox, ShellSlot slot)
    {
        var launcher = services.GetRequiredService<SandboxLauncher>();
        var spawner = services.GetRequiredService<SpawnerThread>();
        var group = sandbox.Processes.CreateChild("shell_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        try
        {
            var spec = launcher.Build(sandbox, SandboxLauncher.SandboxHome, ["/bin/bash", "-l"], group, terminal: true);
            var start = new PtyStartInfo
            {
                FileName = spec.FileName,
                Arguments = spec.Arguments,
                WorkingDirectory = spec.WorkingDirectory,
                Environment = new Dictionary<string, string>(spec.Environment),
                Columns = 80,
                Rows = 24,
            };
            var pty = await spawner.RunAsync(() => PtyProcess.Start(start));
            group.Track(pty.ProcessId);
            return new SandboxShell(pty, group, slot);
        }
        catch
        {
            group.KillAll();
            group.Release();
            slot.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Pty.Kill();
        group.KillAll();
        await Pty.DisposeAsync();
        group.Release();
        slot.Dispose();
    }
}
