using Sockt.EndToEnd.Infrastructure;
using Sockt.Emulator;

namespace Sockt.EndToEnd;

/// <summary>The emulator's retained-output cap reaches the SDK as <see cref="ExecResult.OutputTruncated"/> (spec: output_truncated).</summary>
public sealed class OutputCapTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.MaxExecutionOutputBytes = 4096;

    [Test]
    public async Task Output_beyond_the_cap_is_reported_as_truncated()
    {
        var sandbox = await RunningSandboxAsync();

        var capped = await sandbox.ExecAsync("head -c 20000 /dev/zero | tr '\\0' a");
        var small = await sandbox.ExecAsync("echo fits");

        Assert.Multiple(() =>
        {
            Assert.That(capped.OutputTruncated, Is.True);
            Assert.That(capped.Stdout.Length, Is.LessThanOrEqualTo(4096));
            Assert.That(capped.Stderr, Does.Contain("the rest was dropped"));
            Assert.That(small.OutputTruncated, Is.False);
            Assert.That(small.Stdout, Is.EqualTo("fits\n"));
        });
    }
}
