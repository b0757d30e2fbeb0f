using Sockt.EndToEnd.Infrastructure;

namespace Sockt.EndToEnd;

/// <summary>Pause, resume and terminate, and what they do to billing and to the data plane.</summary>
public class LifecycleTests : EmulatorTestBase
{
    [Test]
    public async Task Pause_stops_commands_and_billing_until_resume()
    {
        var sandbox = await RunningSandboxAsync();
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(100));
        var before = (await sandbox.RefreshStatusAsync()).TimeRemaining;

        await sandbox.PauseAsync();
        Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Paused));
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1000));
        var whilePaused = await sandbox.RefreshStatusAsync();
        var refused = await Assert.ThrowsAsync<ApiException>(async () => await sandbox.ExecAsync("echo should-not-run"));

        Assert.That(whilePaused.Status, Is.EqualTo(SandboxState.Paused));
        Assert.That(whilePaused.TimeRemaining, Is.EqualTo(before), "a paused sandbox is not billed");
        Assert.That(refused!.StatusCode, Is.EqualTo(409));

        await sandbox.ResumeAsync();
        Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
        await sandbox.WaitUntilRunningAsync();
        Assert.That((await sandbox.ExecAsync("echo back")).Stdout, Is.EqualTo("back\n"));
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(100));
        Assert.That((await sandbox.RefreshStatusAsync()).TimeRemaining, Is.LessThan(before!.Value), "billing runs again after resume");
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task Pause_freezes_a_running_command_and_resume_lets_it_finish()
    {
        var sandbox = await RunningSandboxAsync();
        var execution = await sandbox.StartExecAsync("for i in $(seq 1 40); do echo $i >> counter.txt; sleep 0.05; done; echo finished");
        await Poll.UntilAsync(() => sandbox.ExecAsync("test -s counter.txt && echo yes || echo no"), r => r.Stdout == "yes\n", "the command to start counting");

        await sandbox.PauseAsync();
        await sandbox.ResumeAsync();
        await sandbox.WaitUntilRunningAsync();
        var result = await execution.WaitAsync();

        Assert.That(result.Stdout, Does.EndWith("finished\n"));
        Assert.That((await sandbox.ReadFileAsync("counter.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(40));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task Terminate_refunds_the_unused_credits()
    {
        var sandbox = await RunningSandboxAsync(initialCreditsCents: 50);
        // nano costs 0.000277 cents a second: 100,000 s use 27.7 of the 50 cents.
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(100_000));

        var result = await sandbox.TerminateAsync();

        Assert.That(result.Status, Is.EqualTo(SandboxState.Terminated));
        Assert.That(result.Refund?.Status, Is.EqualTo("credited"));
        Assert.That(result.Refund?.AmountCents, Is.EqualTo(22), "50 cents minus the 27.7 used, rounded down");
        Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Terminated));
    }

    [Test]
    public async Task A_terminated_sandbox_refuses_commands_and_never_becomes_running()
    {
        var sandbox = await RunningSandboxAsync();
        await sandbox.TerminateAsync();

        var notRunning = await Assert.ThrowsAsync<SandboxNotRunningException>(async () => await sandbox.WaitUntilRunningAsync());
        Assert.That(notRunning!.LastStatus, Is.EqualTo(SandboxState.Terminated));
        Assert.That(notRunning.SandboxId, Is.EqualTo(sandbox.Id));
        await Assert.CatchAsync<SocktException>(async () => await sandbox.ExecAsync("echo no"));
    }
}
