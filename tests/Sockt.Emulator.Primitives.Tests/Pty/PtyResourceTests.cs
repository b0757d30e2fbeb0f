using Sockt.Emulator.Pty;

namespace Sockt.Emulator.Primitives.Tests.Pty;

/// <summary>
/// Descriptor hygiene: every PTY master/slave and wake eventfd is closed again after DisposeAsync, however the
/// program ended. Runs alone, because other tests' terminals would show up in the count.
/// </summary>
[NonParallelizable]
public sealed class PtyResourceTests
{
    [Test]
    public async Task DisposeAsync_closes_every_descriptor_it_opened()
    {
        // Warm-up: the runtime may open descriptors of its own on the first process start (child reaping).
        await using (var warmUp = PtyProcess.Start(new PtyStartInfo { FileName = "/bin/true" }))
        {
            await warmUp.WaitForExitAsync().WaitAsync(TerminalTranscript.Deadline);
        }

        var before = PtyDescriptors();

        // One program that exited on its own, one still running, one killed explicitly.
        await using (var exited = PtyProcess.Start(new PtyStartInfo { FileName = "/bin/true" }))
        {
            await exited.WaitForExitAsync().WaitAsync(TerminalTranscript.Deadline);
        }

        var running = PtyProcess.Start(new PtyStartInfo { FileName = "/bin/sleep", Arguments = ["3600"] });
        Assert.That(PtyDescriptors(), Is.GreaterThan(before), "a live PTY holds descriptors (so the count can detect leaks)");
        await running.DisposeAsync();

        var killed = PtyProcess.Start(new PtyStartInfo { FileName = "/bin/sleep", Arguments = ["3600"] });
        killed.Kill();
        await killed.WaitForExitAsync().WaitAsync(TerminalTranscript.Deadline);
        await killed.DisposeAsync();

        Assert.That(PtyDescriptors(), Is.EqualTo(before));
    }

    /// <summary>Our open descriptors that are PTY devices or eventfds.</summary>
    private static int PtyDescriptors() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Select(fd => fd.LinkTarget ?? string.Empty)
            .Count(target => target.StartsWith("/dev/pts/", StringComparison.Ordinal)
                || target == "/dev/ptmx"
                || target.Contains("eventfd", StringComparison.Ordinal));
}
