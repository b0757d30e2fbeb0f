using System.Diagnostics;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>
/// A full disk, made real (root only): a 1 MiB home (the home is a tmpfs of its tier's size) for a write that does not
/// fit, and a small tmpfs as the data directory, filled from the host (bytes and inodes), for a create that finds no room. Both answer
/// with the envelope and never show the host's data path.
/// </summary>
internal sealed class DiskFullTests : EmulatorTestBase
{
    private string? mountPoint;

    protected override void Configure(SocktEmulatorOptions options)
    {
        if (Environment.UserName != "root")
        {
            Assert.Ignore("mounting a tiny tmpfs needs root (CI runs as root)");
        }

        mountPoint = Path.Combine(Path.GetTempPath(), "sockt-diskfull-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(mountPoint);
        // Few inodes: a new sandbox's directories are all it writes to the data directory (its home is a tmpfs of its own).
        Run("mount", "-t", "tmpfs", "-o", "size=1m,nr_inodes=64", "sockt-diskfull", mountPoint);
        options.DataDirectory = mountPoint;
        options.Limits["nano"] = SandboxLimits.Defaults["nano"] with { HomeBytes = 1024 * 1024 };
    }

    [OneTimeTearDown]
    public void Unmount()
    {
        if (mountPoint is not null)
        {
            // Lazy: the emulator (stopped by the base class afterwards) may still hold the mount.
            Run("umount", "-l", mountPoint);
            Directory.Delete(mountPoint);
        }
    }

    [Test]
    public async Task A_write_that_does_not_fit_and_a_create_without_room_answer_cleanly()
    {
        var id = await NewSandboxAsync();

        var write = await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path = "big.bin", content = Convert.ToBase64String(new byte[2 * 1024 * 1024]), encoding = "base64" });
        var afterWrite = await Api.PostAsync($"/v1/sandboxes/{id}/files/read", Key, new { path = "big.bin" });
        // A sandbox cannot fill the data directory (its home is a filesystem of its own): the host does.
        Run("sh", "-c", $"head -c 4M /dev/zero > {mountPoint}/fill; i=0; while touch {mountPoint}/f$i 2>/dev/null; do i=$((i+1)); done; true");
        var create = await Api.PostAsync("/v1/sandboxes", Key, new { tier = "nano" });
        var lightning = await Api.PostAsync("/v1/sandboxes", null, new { tier = "nano", billing_method = "lightning" });

        Assert.That((write.Code, write.ErrorCode), Is.EqualTo((413, "disk_full")), write.ToString());
        Assert.That(afterWrite.Long("size"), Is.Zero, "what did fit was dropped");
        Assert.That((create.Code, create.ErrorCode), Is.EqualTo((503, "no_capacity")), create.ToString());
        Assert.That((lightning.Code, lightning.ErrorCode), Is.EqualTo((503, "no_capacity")), lightning.ToString());
        foreach (var response in new[] { write, create, lightning })
        {
            Assert.That(response.Text, Does.Not.Contain(mountPoint!), "no host path");
        }

        Assert.That((await Api.GetAsync("/_emulator/sandboxes", Admin))["sandboxes"].AsArray(), Has.Count.EqualTo(1), "no half-made sandbox");
        Assert.That((await Api.GetAsync($"/v1/sandboxes/{id}", Key)).Code, Is.EqualTo(200), "the emulator keeps serving");
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{file} {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }
}
