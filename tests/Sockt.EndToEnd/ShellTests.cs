using System.Collections.Concurrent;
using Sockt.EndToEnd.Infrastructure;

namespace Sockt.EndToEnd;

/// <summary>ShellSession over a real WebSocket to a real PTY in the emulator's sandbox.</summary>
public class ShellTests : EmulatorTestBase
{
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(15);

    private Sandbox _sandbox = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => _sandbox = await RunningSandboxAsync();

    /// <summary>Receives frames until their text contains <paramref name="expected"/>; returns the text.</summary>
    private static async Task<string> ReceiveUntilAsync(ShellSession shell, string expected)
    {
        var text = "";
        while (!text.Contains(expected, StringComparison.Ordinal))
        {
            text += (await shell.ReceiveAsync(FrameTimeout)).Data;
        }

        return text;
    }

    /// <summary>A connected session of the fixture's sandbox, and a task that completes with its <c>Closed</c> event.</summary>
    private async Task<(ShellSession Shell, Task<ShellClosedEventArgs> Closed)> ConnectWatchingCloseAsync()
    {
        var shell = await _sandbox.ConnectShellAsync();
        var closed = new TaskCompletionSource<ShellClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        shell.Closed += (_, e) => closed.TrySetResult(e);
        return (shell, closed.Task);
    }

    [Test]
    public async Task Connect_send_line_and_receive_output_with_events()
    {
        await using var shell = await _sandbox.ConnectShellAsync();
        var stdout = new ConcurrentQueue<string>();
        var viaEvents = new ConcurrentQueue<string>();
        EventHandler<ShellFrameEventArgs> onStdout = (_, e) =>
        {
            if (e.Frame.Type == ShellFrameType.Stdout)
            {
                stdout.Enqueue(e.Frame.Data);
            }
        };
        shell.FrameReceived += onStdout;
        shell.FrameReceived += (_, e) => viaEvents.Enqueue("frame");
        shell.Output += (_, e) => viaEvents.Enqueue("output");

        Assert.That(shell.IsConnected, Is.True);
        Assert.That(shell.SandboxId, Is.EqualTo(_sandbox.Id));
        Assert.That(shell.ToString(), Does.Not.Contain(PrimaryApiKey));

        await shell.SendLineAsync("echo $((6*7))");
        var text = await ReceiveUntilAsync(shell, "42\r\n");

        Assert.That(text, Does.Contain("echo $((6*7))"), "the terminal echoes the typed line");
        Assert.That(string.Concat(stdout), Does.Contain("42"));
        Assert.That(viaEvents, Does.Contain("frame").And.Contain("output"));
        shell.FrameReceived -= onStdout;
    }

    [Test]
    public async Task ResizeAsync_changes_the_terminal_size()
    {
        await using var shell = await _sandbox.ConnectShellAsync();

        await shell.ResizeAsync(cols: 120, rows: 40);
        await shell.SendLineAsync("stty size");

        Assert.That(await ReceiveUntilAsync(shell, "40 120"), Does.Contain("40 120"));
    }

    [Test]
    public async Task Exit_ends_the_session_from_the_server_side()
    {
        var (shell, closed) = await ConnectWatchingCloseAsync();

        await shell.SendAsync("echo bye; exit\n");
        var text = "";
        await foreach (var frame in shell.ReadFramesAsync())
        {
            text += frame.Data;
        }

        Assert.That(text, Does.Contain("bye"));
        Assert.That((await closed.WaitAsync(FrameTimeout)).Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
        Assert.That(shell.IsConnected, Is.False);
        await Assert.CatchAsync<ShellClosedException>(async () => await shell.ReceiveAsync(TimeSpan.FromSeconds(1)));
        await shell.DisposeAsync();
    }

    [Test]
    public async Task CloseAsync_ends_the_session_from_the_client_side()
    {
        var (shell, closed) = await ConnectWatchingCloseAsync();

        await shell.CloseAsync();

        Assert.That((await closed.WaitAsync(FrameTimeout)).Reason, Is.EqualTo(ShellCloseReason.ClosedByClient));
        Assert.That(shell.IsConnected, Is.False);
        await Assert.CatchAsync<ShellClosedException>(async () => await shell.SendLineAsync("echo late"));
        await shell.DisposeAsync();
        await shell.DisposeAsync(); // idempotent
    }

    [Test]
    public async Task Billing_notices_arrive_as_frames_while_the_balance_drains()
    {
        var sandbox = await RunningLightningSandboxAsync(prepaidSats: 1000);
        await using var shell = await sandbox.ConnectShellAsync();
        var notice = new TaskCompletionSource<ShellFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        shell.BillingWarning += (_, e) => notice.TrySetResult(e.Frame);
        // Output proves the server side of the session is set up (it subscribes to notices before pumping output).
        await shell.SendLineAsync("echo ready");
        await ReceiveUntilAsync(shell, "ready\r\n");

        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800)); // 200 s of the 2000 left

        var frame = await notice.Task.WaitAsync(FrameTimeout);
        Assert.That(frame.IsBillingNotice, Is.True);
        Assert.That(frame.Type, Is.AnyOf(ShellFrameType.LowBalance, ShellFrameType.DepositRequired, ShellFrameType.Billing));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task Pausing_the_sandbox_sends_an_error_frame_and_ends_the_session()
    {
        var sandbox = await RunningSandboxAsync();
        await using var shell = await sandbox.ConnectShellAsync();
        var error = new TaskCompletionSource<ShellFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new TaskCompletionSource<ShellClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        shell.Error += (_, e) => error.TrySetResult(e.Frame);
        shell.Closed += (_, e) => closed.TrySetResult(e);
        await shell.SendLineAsync("echo ready");
        await ReceiveUntilAsync(shell, "ready\r\n");

        await sandbox.PauseAsync();

        Assert.That((await error.Task.WaitAsync(FrameTimeout)).Data, Does.Contain("paused"));
        Assert.That((await closed.Task.WaitAsync(FrameTimeout)).Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task A_paused_sandbox_refuses_a_shell()
    {
        var sandbox = await RunningSandboxAsync();
        await sandbox.PauseAsync();
        await Assert.CatchAsync<SocktException>(async () => await sandbox.ConnectShellAsync());
        await sandbox.TerminateAsync();
    }
}
