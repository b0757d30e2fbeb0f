using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>The per-execution output cap drops the rest and says so with <c>output_truncated</c>.</summary>
internal sealed class ExecutionOutputCapTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.MaxExecutionOutputBytes = 64 * 1024;

    [Test]
    public async Task Output_over_the_execution_cap_is_dropped_and_flagged_and_small_output_is_not()
    {
        using var raw = new RawHttp(Emulator.BaseUrl);
        var id = await NewSandboxAsync();

        var big = await RawExecutions.CollectAsync(raw, await Api.StartExecAsync(id, Key, "head -c 200000 /dev/zero | tr '\\0' x"), Key);
        var small = await RawExecutions.CollectAsync(raw, await Api.StartExecAsync(id, Key, "echo small"), Key);

        Assert.That(big.Result["output_truncated"]?.GetValue<bool>(), Is.True);
        Assert.That(big.Output.Split('\n')[0].Trim('x'), Is.Empty);
        Assert.That(big.Output.Split('\n')[0].Length, Is.InRange(1, 64 * 1024));
        Assert.That(big.Output, Does.Contain("output exceeded 65536 bytes"));
        Assert.That(big.Result["exit_code"]!.GetValue<int>(), Is.Zero);
        Assert.That(small.Result.ContainsKey("output_truncated"), Is.False, "the field appears only when output was dropped");
        Assert.That(small.Output, Is.EqualTo("small\n"));
    }
}
