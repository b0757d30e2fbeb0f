using Sockt.Emulator;
using static Sockt.Shell.Tests.Emulator.ShellReading;

namespace Sockt.Shell.Tests.Emulator;

/// <summary>The shell through the public facade (<see cref="ComputeClient"/> and <see cref="Sandbox.ConnectShellAsync"/>) against the emulator.</summary>
[NonParallelizable]
public sealed class SandboxShellTests
{
    private SocktEmulator _emulator = null!;
    private ComputeClient _client = null!;

    [OneTimeSetUp]
    public async Task StartEmulator()
    {
        _emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.Zero, RateLimitPerMinute = 0 });
        _client = new ComputeClient(apiKey: _emulator.ApiKey, baseUrl: _emulator.BaseUrl);
    }

    [OneTimeTearDown]
    public async Task StopEmulator()
    {
        await _client.DisposeAsync();
        await _emulator.DisposeAsync();
    }

    [Test]
    public async Task The_reference_shell_example_runs_as_written()
    {
        var sandbox = await _client.CreateSandboxAsync("nano");
        await sandbox.WaitUntilRunningAsync(pollInterval: TimeSpan.FromMilliseconds(50));
        var printed = new List<string>();

        // The reference's example ("with sandbox.shell() as sh: ..."), line for line; print() becomes a list.
        await using (var sh = await sandbox.ConnectShellAsync())
        {
            await sh.SendLineAsync("cd /tmp && mkdir myproject");
            var frame = await sh.ReceiveAsync(timeout: TimeSpan.FromSeconds(5));
            printed.Add(frame.Data);
            await sh.SendLineAsync("echo $PWD");
            frame = await sh.ReceiveAsync(timeout: TimeSpan.FromSeconds(5));
            printed.Add(frame.Data);
            await sh.ResizeAsync(cols: 120, rows: 40);
            await sh.SendLineAsync("for i in 1 2 3; do echo $i; sleep 1; done");

            // Beyond the example: the loop ran in the shell that the example moved to /tmp.
            await sh.SendLineAsync("echo \"pwd=$PWD size=$(stty size)\"; " + Echo("example"));
            var output = await sh.ReadUntilAsync(Printed("example"));
            Assert.That(output, Does.Contain("1\r\n2\r\n3\r\n"));
            Assert.That(output, Does.Contain("pwd=/tmp size=40 120"));
        }

        Assert.That(printed, Has.Count.EqualTo(2).And.All.Not.Null);
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task Pausing_the_sandbox_sends_an_error_frame_and_ends_the_session()
    {
        var sandbox = await _client.CreateSandboxAsync("nano");
        await sandbox.WaitUntilRunningAsync(pollInterval: TimeSpan.FromMilliseconds(50));
        await using var shell = await sandbox.ConnectShellAsync();
        var errors = new List<string>();
        var closed = new TaskCompletionSource<ShellClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        shell.Error += (_, args) => errors.Add(args.Frame.Data);
        shell.Closed += (_, args) => closed.TrySetResult(args);
        await shell.SendLineAsync(Echo("ready"));
        await shell.ReadUntilAsync(Printed("ready"));

        await sandbox.PauseAsync();
        var ended = await closed.Task.WaitAsync(Deadline.Default);

        Assert.That(ended.Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
        Assert.That(errors, Has.Some.Contains("paused"));
        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => sandbox.ConnectShellAsync());
        Assert.That(exception!.LastStatus, Is.EqualTo(SandboxState.Paused));
        await sandbox.TerminateAsync();
    }
}
