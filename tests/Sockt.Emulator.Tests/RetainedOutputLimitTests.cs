using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>With nothing finished to evict, output beyond the emulator-wide cap is dropped and flagged.</summary>
internal sealed class RetainedOutputLimitTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options)
    {
        options.ExecOutputMode = ExecOutputMode.Cumulative;
        options.MaxRetainedOutputBytes = 160 * 1024;
    }

    [Test]
    public async Task Output_beyond_the_total_cap_is_dropped_when_nothing_finished_can_make_room()
    {
        using var raw = new RawHttp(Emulator.BaseUrl);
        var id = await NewSandboxAsync();

        var (result, _) = await RawExecutions.CollectAsync(raw, await Api.StartExecAsync(id, Key, "head -c 400000 /dev/zero | tr '\\0' d"), Key);
        var kept = RawExecutions.Output(result);

        Assert.That(result["output_truncated"]?.GetValue<bool>(), Is.True);
        Assert.That(kept.Length, Is.InRange(1, 160 * 1024), "never more than the total cap is kept");
        Assert.That(kept.Trim('d'), Is.Empty, "what is kept is the output's beginning, unaltered");
        Assert.That(result["exit_code"]!.GetValue<int>(), Is.Zero);
    }
}
