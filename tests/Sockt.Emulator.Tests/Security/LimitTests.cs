using System.Net;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Security;

/// <summary>
/// A fork bomb, a memory hog and disk fills in one sandbox: each hits its limit with the documented error, and the
/// emulator and other sandboxes keep serving. Limits are lowered for the test; cgroup and home limits need root.
/// </summary>
internal sealed class LimitTests : EmulatorTestBase
{
    private const long MiB = 1024 * 1024;

    private static readonly SandboxLimits Low = new()
    {
        MaxProcesses = 48,
        MemoryBytes = 192 * MiB,
        TmpBytes = 8 * MiB,
        HomeBytes = 16 * MiB,
        MaxShells = 2,
    };

    protected override void Configure(SocktEmulatorOptions options)
    {
        if (NativeMethods.GetEffectiveUserId() != 0)
        {
            Assert.Ignore("process, memory and home limits are enforced when the emulator runs as root (CI does)");
        }

        options.Limits["nano"] = Low;
    }

    [Test]
    public async Task A_fork_bomb_is_contained_while_another_sandbox_keeps_answering()
    {
        var bombed = await NewSandboxAsync();
        var bystander = await NewSandboxAsync();

        var bomb = await Api.StartExecAsync(bombed, Key, "bomb() { bomb | bomb & }; bomb; sleep 3", timeoutMs: 20_000);
        // While the bomb saturates its sandbox's process limit, the emulator and the other sandbox serve as usual.
        await Poll.UntilAsync(() => Task.FromResult(CurrentProcesses(bombed)), n => n >= Low.MaxProcesses - 2, "the bomb to reach the process limit");
        var status = await Api.GetAsync($"/v1/sandboxes/{bombed}", Key);
        var other = await Api.RunAsync(bystander, Key, "echo alive; ls /proc | grep -c '^[0-9]'");
        var outcome = await Api.CollectAsync(bomb, Key);
        var after = await Api.RunAsync(bombed, Key, "echo recovered");

        Assert.That(status.Code, Is.EqualTo(200));
        Assert.That(other.Stdout, Does.StartWith("alive\n"));
        Assert.That(outcome.Status, Is.EqualTo("failed"));
        Assert.That(outcome.Error, Does.Contain("process_limit_exceeded").And.Contain("48 processes"));
        Assert.That(after.Stdout, Is.EqualTo("recovered\n"), "the bomb's processes are gone once its command ended");
    }

    [Test]
    public async Task A_memory_hog_is_killed_with_the_documented_error_and_the_sandbox_keeps_running()
    {
        var id = await NewSandboxAsync();

        var hog = await Api.RunAsync(id, Key, "python3 -c \"x = b'a' * (400 * 1024 * 1024); print(len(x))\"");
        var status = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        var after = await Api.RunAsync(id, Key, "echo still-here");

        Assert.That(hog.Status, Is.EqualTo("failed"));
        Assert.That(hog.ExitCode, Is.EqualTo(137), "SIGKILL from the kernel's OOM killer");
        Assert.That(hog.Error, Does.Contain("memory_limit_exceeded").And.Contain("192 MiB"));
        Assert.That(status.Str("status"), Is.EqualTo("running"), "the kernel killed the process, not the sandbox");
        Assert.That(after.Stdout, Is.EqualTo("still-here\n"));
    }

    [Test]
    public async Task Filling_tmp_stops_at_its_size_with_no_space_left()
    {
        var id = await NewSandboxAsync();

        var fill = await Api.RunAsync(id, Key, "dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1 | grep -o 'No space left on device'; stat -c %s /tmp/fill; dd if=/dev/zero of=/dev/shm/fill bs=1M count=64 2>&1 | grep -o 'No space left on device'");

        Assert.That(fill.Stdout, Is.EqualTo($"No space left on device\n{8 * MiB}\nNo space left on device\n"));
    }

    [Test]
    public async Task Filling_the_home_stops_at_its_size_and_the_file_api_answers_disk_full()
    {
        var id = await NewSandboxAsync();

        var fill = await Api.RunAsync(id, Key, "dd if=/dev/zero of=fill bs=1M count=64 2>&1 | grep -o 'No space left on device'; df -B1 --output=size . | tail -1 | tr -d ' '");
        var write = await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path = "more.txt", content = new string('x', 256 * 1024) });
        var freed = await Api.RunAsync(id, Key, "rm fill && echo freed");
        var retry = await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path = "more.txt", content = "fits" });

        Assert.That(fill.Stdout, Is.EqualTo($"No space left on device\n{16 * MiB}\n"));
        Assert.That(write.Code, Is.EqualTo(413), write.ToString());
        Assert.That(write.ErrorCode, Is.EqualTo("disk_full"));
        Assert.That(write.Text, Does.Not.Contain(Emulator.DataDirectory));
        Assert.That(freed.Stdout, Is.EqualTo("freed\n"));
        Assert.That(retry.Code, Is.EqualTo(200), retry.ToString());
    }

    [Test]
    public async Task A_shell_beyond_the_sandboxs_limit_is_refused()
    {
        var id = await NewSandboxAsync();
        var url = new Uri((await Api.GetAsync($"/v1/sandboxes/{id}/shell-url", Key)).Str("url"));
        await using var first = await ShellClient.ConnectAsync(url, Key);
        await using var second = await ShellClient.ConnectAsync(url, Key);

        var refused = await ShellClient.RefusedStatusAsync(url, Key);
        await first.DisposeAsync();
        await using var third = await Poll.UntilAsync(() => TryConnectAsync(url), shell => shell is not null, "a slot to free up");

        Assert.That(refused, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(third, Is.Not.Null);
    }

    private async Task<ShellClient?> TryConnectAsync(Uri url)
    {
        try
        {
            return await ShellClient.ConnectAsync(url, Key);
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            return null;
        }
    }

    private static int CurrentProcesses(string sandboxId)
    {
        var group = Directory.EnumerateDirectories("/sys/fs/cgroup/pids", "sockt-emulator-*")
            .Select(root => Path.Combine(root, sandboxId))
            .FirstOrDefault(Directory.Exists);
        return group is null ? 0 : int.Parse(File.ReadAllText(Path.Combine(group, "pids.current")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
