using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>The emulator-wide cap on unread output evicts the oldest finished execution's output first.</summary>
internal sealed class RetainedOutputEvictionTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options)
    {
        // Cumulative: polls do not consume output, so finished executions keep theirs until evicted.
        options.ExecOutputMode = ExecOutputMode.Cumulative;
        options.MaxRetainedOutputBytes = 160 * 1024;
    }

    [Test]
    public async Task The_oldest_finished_output_goes_first()
    {
        using var raw = new RawHttp(Emulator.BaseUrl);
        var id = await NewSandboxAsync();
        var executions = new List<string>();
        foreach (var letter in new[] { "a", "b", "c" })
        {
            var exec = await Api.StartExecAsync(id, Key, $"head -c 60000 /dev/zero | tr '\\0' {letter}");
            await RawExecutions.CollectAsync(raw, exec, Key);
            executions.Add(exec);
        }

        var oldest = await RawExecutions.PollAsync(raw, executions[0], Key);
        var middle = await RawExecutions.PollAsync(raw, executions[1], Key);
        var newest = await RawExecutions.PollAsync(raw, executions[2], Key);

        Assert.That(oldest["output_truncated"]?.GetValue<bool>(), Is.True, "the oldest finished output was evicted for the newest");
        Assert.That(RawExecutions.Output(oldest), Is.Empty);
        Assert.That((oldest["status"]!.GetValue<string>(), oldest["exit_code"]!.GetValue<int>()), Is.EqualTo(("completed", 0)), "status and exit code stay");
        Assert.That(RawExecutions.Output(middle), Is.EqualTo(new string('b', 60000)));
        Assert.That(middle.ContainsKey("output_truncated"), Is.False);
        Assert.That(RawExecutions.Output(newest), Is.EqualTo(new string('c', 60000)));
        Assert.That(newest.ContainsKey("output_truncated"), Is.False);
    }
}
