using System.Globalization;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Security;

/// <summary>
/// What an attacker inside a sandbox tries first (issue 10): capabilities, the host's processes, the emulator's memory,
/// remounts and cgroup mounts, writes outside the home. Real processes; meaningful as root, which is how CI runs.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class EscapeTests : EmulatorTestBase
{
    private string sandbox = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync()
    {
        Assert.That(Emulator.Isolation, Is.EqualTo(IsolationMode.Bwrap), "the default isolates");
        sandbox = await NewSandboxAsync();
    }

    [Test]
    public async Task Sandbox_processes_have_no_capability_and_no_new_privileges()
    {
        var outcome = await Api.RunAsync(sandbox, Key, "grep -E '^(CapEff|CapPrm|CapBnd|NoNewPrivs)' /proc/self/status");

        Assert.That(outcome.Stdout, Does.Contain("CapEff:\t0000000000000000\n"));
        Assert.That(outcome.Stdout, Does.Contain("CapPrm:\t0000000000000000\n"));
        Assert.That(outcome.Stdout, Does.Contain("CapBnd:\t0000000000000000\n"));
        Assert.That(outcome.Stdout, Does.Contain("NoNewPrivs:\t1\n"));
    }

    [Test]
    public async Task The_shell_websocket_runs_under_the_same_isolation()
    {
        var url = (await Api.GetAsync($"/v1/sandboxes/{sandbox}/shell-url", Key)).Str("url");
        await using var shell = await ShellClient.ConnectAsync(new Uri(url), Key);

        await shell.InputAsync("echo CAP-$(grep CapEff /proc/self/status | cut -f2)-END; echo PROCS-$(ls /proc | grep -c '^[0-9]')-END\n");

        // The typed line is echoed too; only the printed lines have digits between the markers.
        var printed = new System.Text.RegularExpressions.Regex(@"CAP-([0-9a-f]{16})-END\r\nPROCS-([0-9]+)-END");
        await shell.ReadUntilAsync(c => printed.IsMatch(c.Stdout), "the capability and process lines");
        var match = printed.Match(shell.Stdout);
        Assert.That(match.Groups[1].Value, Is.EqualTo("0000000000000000"));
        var processes = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.That(processes, Is.LessThan(10), "only the shell's own processes are visible");
    }

    [Test]
    public async Task Host_processes_and_the_emulator_are_invisible()
    {
        var emulator = Environment.ProcessId;

        var outcome = await Api.RunAsync(sandbox, Key, $"cat /proc/[0-9]*/cmdline | tr '\\0' ' ' | grep -c -E 'test[h]ost|dot[n]et'; ls /proc/{emulator}/root >/dev/null 2>&1 || echo root-hidden; head -c 16 /proc/{emulator}/mem >/dev/null 2>&1 || echo mem-hidden");

        Assert.That(outcome.Stdout, Is.EqualTo("0\nroot-hidden\nmem-hidden\n"));
    }

    [Test]
    public async Task Remounting_unmounting_and_mounting_cgroups_are_refused()
    {
        var outcome = await Api.RunAsync(sandbox, Key, string.Join("; ",
            "mount -o remount,rw / 2>/dev/null; echo remount=$?",
            "mount -o remount,rw,bind / / 2>/dev/null; echo rebind=$?",
            "umount /proc 2>/dev/null; echo umount=$?",
            "umount -l /proc 2>/dev/null; echo lazy=$?",
            "mkdir -p /tmp/cg && mount -t cgroup -o memory cgroup /tmp/cg 2>/dev/null; echo cgroup1=$?",
            "mount -t cgroup2 none /tmp/cg 2>/dev/null; echo cgroup2=$?",
            "unshare -U -r true 2>/dev/null; echo userns=$?",
            "ls /proc | grep -c '^[0-9]' | sed 's/^/procs=/'"));

        var results = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=')).ToDictionary(p => p[0], p => p[1]);
        foreach (var attempt in new[] { "remount", "rebind", "umount", "lazy", "cgroup1", "cgroup2", "userns" })
        {
            Assert.That(results[attempt], Is.Not.EqualTo("0"), attempt + " must fail");
        }

        Assert.That(int.Parse(results["procs"], CultureInfo.InvariantCulture), Is.LessThan(10), "/proc still shows only the sandbox");
    }

    [Test]
    public async Task Writes_outside_the_home_and_tmp_are_refused()
    {
        var marker = HostProcesses.NewMarker();

        var outcome = await Api.RunAsync(sandbox, Key, string.Join("; ",
            $"for d in /etc /usr /var/tmp /opt /sys/fs/cgroup /sys/fs/cgroup/freezer /proc/sys/kernel; do (echo x > $d/{marker}) 2>/dev/null && echo wrote:$d; done",
            "echo x > /proc/sys/kernel/core_pattern 2>/dev/null && echo wrote:core_pattern",
            "echo end"));

        Assert.That(outcome.Stdout, Is.EqualTo("end\n"));
        Assert.That(File.Exists($"/var/tmp/{marker}"), Is.False);
    }

    [Test]
    public async Task Files_the_sandbox_writes_belong_to_a_non_root_host_user_of_its_own()
    {
        if (NativeMethods.GetEffectiveUserId() != 0)
        {
            Assert.Ignore("only root hands sandboxes host users of their own");
        }

        var other = await NewSandboxAsync();
        await Api.RunAsync(sandbox, Key, "echo mine > owned.txt");
        await Api.RunAsync(other, Key, "echo theirs > owned.txt");
        await Api.PostAsync($"/v1/sandboxes/{sandbox}/files/write", Key, new { path = "api/written.txt", content = "from the api", create_dirs = true });

        var first = OwnerOf(Path.Combine(Emulator.DataDirectory, "sandboxes", sandbox, "home", "owned.txt"));
        var second = OwnerOf(Path.Combine(Emulator.DataDirectory, "sandboxes", other, "home", "owned.txt"));
        var fromApi = OwnerOf(Path.Combine(Emulator.DataDirectory, "sandboxes", sandbox, "home", "api", "written.txt"));
        var edit = await Api.RunAsync(sandbox, Key, "echo more >> api/written.txt && echo edited; id -u");

        Assert.That(first, Is.Not.Zero);
        Assert.That(second, Is.Not.Zero.And.Not.EqualTo(first), "each sandbox has a host user of its own");
        Assert.That(fromApi, Is.EqualTo(first), "what the file API writes belongs to the sandbox's user");
        Assert.That(edit.Stdout, Is.EqualTo("edited\n1000\n"));
    }

    [Test]
    public async Task The_emulators_root_owned_files_stay_out_of_reach()
    {
        if (NativeMethods.GetEffectiveUserId() != 0)
        {
            Assert.Ignore("meaningful when the emulator runs as root");
        }

        // A root-only file in a place the sandbox sees (the host is mounted read-only, not hidden).
        var secret = Path.Combine("/var/tmp", HostProcesses.NewMarker());
        await using (var file = new FileStream(secret, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            await file.WriteAsync("root only"u8.ToArray());
        }
        try
        {
            var outcome = await Api.RunAsync(sandbox, Key, $"cat {secret} 2>/dev/null || echo refused; cat /etc/shadow 2>/dev/null | head -c 1 || true; echo end");

            Assert.That(outcome.Stdout, Is.EqualTo("refused\nend\n"));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    private static uint OwnerOf(string path)
    {
        using var handle = Sandboxes.ConfinedNative.OpenRoot(Path.GetDirectoryName(path)!);
        Assert.That(Sandboxes.ConfinedNative.TryStat(handle, Path.GetFileName(path), out var stat), Is.True, path);
        return stat.Uid;
    }
}
