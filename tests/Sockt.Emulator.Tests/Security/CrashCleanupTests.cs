using System.Diagnostics;
using Sockt.Emulator.Processes;

namespace Sockt.Emulator.Tests.Security;

/// <summary>
/// What a run killed with SIGKILL leaves (its run directory with a mounted home, its pids and memory cgroups) is
/// removed when the next emulator starts; the run directory of a live emulator sharing the data directory is not.
/// </summary>
internal sealed class CrashCleanupTests
{
    [Test]
    public async Task Starting_removes_a_dead_runs_homes_mounts_and_cgroups_but_not_a_live_runs()
    {
        if (NativeMethods.GetEffectiveUserId() != 0)
        {
            Assert.Ignore("mounted homes and cgroups need root (CI runs as root)");
        }

        var data = Path.Combine(Path.GetTempPath(), "sockt-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var deadPid = Enumerable.Range(3_000_000, 1000).First(pid => !Directory.Exists($"/proc/{pid}"));
        var deadRun = Path.Combine(data, $"run-{deadPid}-deadbeef");
        var deadHome = Path.Combine(deadRun, "sandboxes", "sb_000000000000", "home");
        var liveRun = Path.Combine(data, "run-1-cafecafe");
        var groups = new[] { "pids", "memory" }.Select(h => $"/sys/fs/cgroup/{h}/sockt-emulator-{deadPid}-deadbeef").ToList();
        Directory.CreateDirectory(deadHome);
        await File.WriteAllTextAsync(Path.Combine(deadRun, ".lock"), "");
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "sockt-home", deadHome);
        await File.WriteAllTextAsync(Path.Combine(deadHome, "left-behind.txt"), "x");
        Directory.CreateDirectory(liveRun);
        // A run that died before it took its lock (or whose lock file is gone), older than a minute.
        var lockless = Path.Combine(data, $"run-{deadPid}-0badcafe");
        Directory.CreateDirectory(Path.Combine(lockless, "sandboxes", "sb_1", "home"));
        // A name that is not valid UTF-8 (a sandbox can create one; .NET's recursive delete cannot remove it).
        await RunAsync("sh", "-c", $"touch \"{lockless}/sandboxes/sb_1/home/$(printf 'bad\\377name')\"");
        Directory.SetLastWriteTimeUtc(lockless, DateTime.UtcNow.AddMinutes(-5));
        foreach (var group in groups)
        {
            Directory.CreateDirectory(Path.Combine(group, "sb_000000000000"));
        }

        try
        {
            // A live emulator's run holds its lock for as long as it lives.
            await using (new FileStream(Path.Combine(liveRun, ".lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                await using var emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { DataDirectory = data });

                Assert.That(Directory.Exists(deadRun), Is.False, "the dead run's directory is removed");
                Assert.That(Directory.Exists(lockless), Is.False, "an old run directory without a lock file is removed");
                Assert.That(File.ReadAllText("/proc/self/mountinfo"), Does.Not.Contain(deadRun), "its mounted home is detached");
                Assert.That(groups.Where(Directory.Exists), Is.Empty, "its cgroups are removed");
                Assert.That(Directory.Exists(liveRun), Is.True, "a live run is left alone");
                Assert.That(Directory.Exists(emulator.DataDirectory), Is.True);
            }
        }
        finally
        {
            if (File.ReadAllText("/proc/self/mountinfo").Contains(deadHome, StringComparison.Ordinal))
            {
                await RunAsync("umount", "-l", deadHome);
            }

            foreach (var group in groups.Where(Directory.Exists))
            {
                CgroupLimits.RemoveTree(group);
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{file} {string.Join(' ', arguments)}");
    }
}
