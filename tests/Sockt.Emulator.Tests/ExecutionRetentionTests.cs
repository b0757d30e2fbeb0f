using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class ExecutionRetentionTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.ExecutionRetention = TimeSpan.Zero;

    [Test]
    public async Task Finished_executions_expire_and_then_answer_404()
    {
        var id = await NewSandboxAsync();
        var exec = await Api.StartExecAsync(id, Key, "true");
        await Api.CollectAsync(exec, Key);

        var gone = await Poll.UntilAsync(() => Api.GetAsync($"/v1/executions/{exec}", Key), r => r.Code == 404, "the execution to expire", TimeSpan.FromSeconds(30));

        Assert.That(gone.ErrorCode, Is.EqualTo("not_found"));
    }
}
