using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class CumulativeExecutionTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.ExecOutputMode = ExecOutputMode.Cumulative;

    [Test]
    public async Task Every_poll_returns_all_output_so_far()
    {
        var id = await NewSandboxAsync();
        var exec = await Api.StartExecAsync(id, Key, "echo one; echo two");
        var outcome = await Api.CollectAsync(exec, Key, cumulative: true);

        var again = await Api.GetAsync($"/v1/executions/{exec}", Key);

        Assert.That(outcome.Stdout, Is.EqualTo("one\ntwo\n"));
        Assert.That(string.Concat(ExecOutcome.ChunksOf(again.Json!).Select(c => c.Chunk)), Is.EqualTo("one\ntwo\n"));
    }
}
