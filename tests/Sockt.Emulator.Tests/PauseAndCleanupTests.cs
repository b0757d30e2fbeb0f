using System.Globalization;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>Runs with each way of controlling process groups this machine offers, isolated and not.</summary>
[TestFixture(ProcessControl.CgroupV1, IsolationMode.Auto)]
[TestFixture(ProcessControl.CgroupV2, IsolationMode.Auto)]
[TestFixture(ProcessControl.Signals, IsolationMode.Auto)]
[TestFixture(ProcessControl.CgroupV1, IsolationMode.None)]
[TestFixture(ProcessControl.CgroupV2, IsolationMode.None)]
[TestFixture(ProcessControl.Signals, IsolationMode.None)]
internal sealed class PauseAndCleanupTests(ProcessControl control, IsolationMode isolation) : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options)
    {
        var available = control switch
        {
            ProcessControl.CgroupV1 => CgroupFlavor.V1.IsUsable(),
            ProcessControl.CgroupV2 => CgroupFlavor.V2?.IsUsable() == true,
            _ => true,
        };
        if (!available)
        {
            Assert.Inconclusive($"{control} is not available on this machine");
        }

        options.ProcessControl = control;
        options.Isolation = isolation;
    }

    [Test]
    public async Task Pause_freezes_a_running_counter_and_resume_thaws_it()
    {
        var id = await NewSandboxAsync();
        var counter = Path.Combine(Emulator.DataDirectory, "sandboxes", id, "home", "counter");
        var exec = await Api.StartExecAsync(id, Key, "i=0; while true; do i=$((i+1)); echo $i > counter.tmp; mv counter.tmp counter; sleep 0.005; done", timeoutMs: 600_000);
        await Poll.UntilAsync(() => Task.FromResult(ReadCounter(counter)), n => n > 3, "the counter to advance");

        await Api.PostAsync($"/v1/sandboxes/{id}/pause", Key);
        var frozenAt = ReadCounter(counter);
        var samples = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            // Sampling spaced reads: a thawed loop would advance many times over these reads.
            await Task.Delay(10);
            samples.Add(ReadCounter(counter));
        }

        await Api.PostAsync($"/v1/sandboxes/{id}/resume", Key);
        var thawed = await Poll.UntilAsync(() => Task.FromResult(ReadCounter(counter)), n => n > frozenAt, "the counter to advance after resume");

        Assert.That(samples, Is.All.EqualTo(frozenAt), "nothing ran while paused");
        Assert.That(thawed, Is.GreaterThan(frozenAt));
        await Api.DeleteAsync($"/v1/executions/{exec}", Key);
    }

    [Test]
    public async Task Terminate_leaves_no_process_behind()
    {
        var id = await NewSandboxAsync();
        var marker = HostProcesses.NewMarker();
        await Api.StartExecAsync(id, Key, $"sleep 600; echo {marker}", timeoutMs: 600_000);
        await Api.StartExecAsync(id, Key, $"(setsid sleep 601; echo {marker}) & (nohup sleep 602 >/dev/null; echo {marker}) & wait", timeoutMs: 600_000);
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) >= 2, "the commands to start");

        await Api.DeleteAsync($"/v1/sandboxes/{id}", Key);

        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "every process of the sandbox to be gone");
    }

    [Test]
    public async Task Terminating_a_paused_sandbox_kills_its_frozen_processes()
    {
        var id = await NewSandboxAsync();
        var marker = HostProcesses.NewMarker();
        await Api.StartExecAsync(id, Key, $"sleep 600; echo {marker}", timeoutMs: 600_000);
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) >= 1, "the command to start");
        await Api.PostAsync($"/v1/sandboxes/{id}/pause", Key);

        await Api.DeleteAsync($"/v1/sandboxes/{id}", Key);

        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "the frozen processes to be gone");
    }

    [Test]
    public async Task Disposing_the_emulator_leaves_no_process_behind()
    {
        var marker = HostProcesses.NewMarker();
        var emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.Zero, RateLimitPerMinute = 0, ProcessControl = control, Isolation = isolation });
        var dataDirectory = emulator.DataDirectory;
        try
        {
            using var api = new EmulatorApi(emulator.BaseUrl);
            var running = await api.CreateCreditsSandboxAsync(emulator.ApiKey);
            var paused = await api.CreateCreditsSandboxAsync(emulator.ApiKey);
            await api.StartExecAsync(running, emulator.ApiKey, $"sleep 600; echo {marker}", timeoutMs: 600_000);
            await api.StartExecAsync(running, emulator.ApiKey, $"(sleep 601; echo {marker}) & wait", timeoutMs: 600_000);
            await api.StartExecAsync(paused, emulator.ApiKey, $"sleep 602; echo {marker}", timeoutMs: 600_000);
            await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) >= 3, "the commands to start");
            await api.PostAsync($"/v1/sandboxes/{paused}/pause", emulator.ApiKey);
        }
        finally
        {
            await emulator.DisposeAsync();
        }

        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "every sandbox process to be gone after dispose");
        Assert.That(Directory.Exists(dataDirectory), Is.False, "the temporary data directory is removed");
    }

    private static long ReadCounter(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return text.Length == 0 ? 0 : long.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
