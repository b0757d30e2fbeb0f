using System.Globalization;
using System.Text;
using Sockt.Emulator;
using static Sockt.Shell.Tests.Emulator.ShellReading;

namespace Sockt.Shell.Tests.Emulator;

/// <summary>The scenarios against the emulator's real PTY (bash in a sandbox).</summary>
[NonParallelizable]
public sealed class EmulatorShellTests : EmulatorSandboxFixture
{
    [Test]
    public async Task Echo_round_trip()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        await shell.SendLineAsync("echo hello-$((6*7))");

        Assert.That(await shell.ReadUntilAsync("hello-42"), Does.Contain("hello-42"));
    }

    [Test]
    public async Task The_shell_keeps_state_between_commands()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        await shell.SendLineAsync("cd /tmp");
        await shell.SendLineAsync("echo \"pwd=$PWD\"; " + Echo("cd"));
        var output = await shell.ReadUntilAsync(Printed("cd"));

        Assert.That(output, Does.Contain("pwd=/tmp\r\n"));
    }

    [Test]
    public async Task The_initial_size_and_a_resize_are_seen_by_stty()
    {
        await using var shell = await Sandbox.ConnectShellAsync(new ShellSessionOptions { Columns = 100, Rows = 30 });

        await shell.SendLineAsync("stty size; " + Echo("initial"));
        var initial = await shell.ReadUntilAsync(Printed("initial"));
        await shell.ResizeAsync(120, 40);
        await shell.SendLineAsync("stty size; " + Echo("resized"));
        var resized = await shell.ReadUntilAsync(Printed("resized"));

        Assert.That(initial, Does.Contain("30 100\r\n"));
        Assert.That(resized, Does.Contain("40 120\r\n"));
    }

    [Test]
    public async Task Ctrl_C_interrupts_a_running_command()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        // The marker before the sleep proves the sleep has started; the deadline (20 s) is far below 100 s.
        await shell.SendLineAsync(EchoThenSleep("started") + "; " + Echo("slept"));
        await shell.ReadUntilAsync(Printed("started"));
        await shell.SendAsync("\u0003");
        await shell.ReadUntilAsync(ReadlineReady);
        await shell.SendLineAsync(Echo("after"));
        var output = await shell.ReadUntilAsync(Printed("after"));

        Assert.That(output, Does.Not.Contain(Printed("slept")));
    }

    [Test]
    public async Task Ten_megabytes_of_output_arrive_complete_and_in_order()
    {
        const int last = 1_400_000; // "1\r\n" .. "1400000\r\n": 11.5 MB through the PTY
        await using var shell = await Sandbox.ConnectShellAsync();

        var (next, characters) = await ReadNumbersAsync(shell, last, _ => Task.CompletedTask);

        Assert.That(next, Is.EqualTo(last + 1), "every number arrived once, in order");
        Assert.That(characters, Is.GreaterThan(10_000_000));
    }

    [Test]
    public async Task A_slow_reader_with_a_small_queue_gets_every_line_in_order()
    {
        // The thread-pool side of backpressure is measured in Loopback/BackpressureTests: here the emulator runs in this
        // process and its own PTY pumps move the pool's thread count.
        const int last = 200_000; // 1.3 MB: far more than 4 frames and the socket buffers hold
        await using var shell = await Sandbox.ConnectShellAsync(new ShellSessionOptions { ReceiveBufferCapacity = 4 });

        var (next, _) = await ReadNumbersAsync(shell, last, async frames =>
        {
            if (frames % 50 == 0)
            {
                await Task.Delay(2); // a slow consumer: the PTY keeps producing meanwhile
            }
        });

        Assert.That(next, Is.EqualTo(last + 1), "every number arrived once, in order");
    }

    /// <summary>Runs <c>seq 1 last</c> and checks its lines while reading; <paramref name="pace"/> runs after each frame.</summary>
    private static async Task<(int Next, long Characters)> ReadNumbersAsync(ShellSession shell, int last, Func<int, Task> pace)
    {
        await shell.SendLineAsync($"seq 1 {last}; " + Echo("seq"));
        var next = 1;
        long characters = 0;
        var frames = 0;
        var line = new StringBuilder();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var frame in shell.ReadFramesAsync(cancellation.Token))
        {
            characters += frame.Data.Length;
            var done = false;
            foreach (var c in frame.Data)
            {
                if (c != '\n')
                {
                    line.Append(c);
                    continue;
                }

                // What a terminal shows: the text after the last carriage return (bash ends its bracketed-paste
                // sequence with "\r" right before the command's first line).
                var raw = line.ToString().TrimEnd('\r');
                var text = raw[(raw.LastIndexOf('\r') + 1)..];
                line.Clear();
                if (text == Printed("seq"))
                {
                    done = true;
                    break;
                }

                // Numbers start at the line "1"; before that come the echoed command and the prompt.
                if ((next > 1 || text == "1") && text == next.ToString(CultureInfo.InvariantCulture))
                {
                    next++;
                }
                else if (next > 1 && next <= last)
                {
                    Assert.Fail($"expected line {next} but got '{text}'");
                }
            }

            if (done)
            {
                break;
            }

            await pace(++frames);
        }

        return (next, characters);
    }

    [Test]
    public async Task Two_sessions_on_one_sandbox_are_separate_shells()
    {
        await using var first = await Sandbox.ConnectShellAsync();
        await using var second = await Sandbox.ConnectShellAsync();

        await first.SendLineAsync("cd /tmp; export ONLY_FIRST=yes; " + Echo("first-ready"));
        await first.ReadUntilAsync(Printed("first-ready"));
        await second.SendLineAsync("echo \"pwd=$PWD var=${ONLY_FIRST:-unset}\"; " + Echo("second"));
        await first.SendLineAsync("echo \"pwd=$PWD var=${ONLY_FIRST:-unset}\"; " + Echo("first"));
        var secondOutput = await second.ReadUntilAsync(Printed("second"));
        var firstOutput = await first.ReadUntilAsync(Printed("first"));

        Assert.That(firstOutput, Does.Contain("pwd=/tmp var=yes"));
        Assert.That(secondOutput, Does.Contain("var=unset").And.Not.Contain("pwd=/tmp"));
        Assert.That(secondOutput, Does.Not.Contain(Printed("first-ready")));
    }

    [Test]
    public async Task Closing_while_output_flows_ends_cleanly()
    {
        await using var shell = await Sandbox.ConnectShellAsync();
        await shell.SendLineAsync("yes flowing");
        await shell.ReadUntilAsync("flowing\r\nflowing\r\n");

        await shell.CloseAsync().WaitAsync(Deadline.Default);
        var remaining = 0;
        await foreach (var _ in shell.ReadFramesAsync(new CancellationTokenSource(Deadline.Default).Token))
        {
            remaining++;
        }

        Assert.That(remaining, Is.LessThanOrEqualTo(new ShellSessionOptions().ReceiveBufferCapacity));
        Assert.That(shell.IsConnected, Is.False);
        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => shell.ReceiveAsync(Deadline.Default));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ClosedByClient));
    }

    [Test]
    public async Task A_receive_timeout_raises_TimeoutException_while_the_shell_is_silent()
    {
        await using var shell = await Sandbox.ConnectShellAsync();
        // After "quiet-2" and its line end nothing is printed until the sleep ends.
        await shell.SendLineAsync(Echo("quiet") + "; sleep 60");
        await shell.ReadUntilAsync(Printed("quiet") + "\r\n");

        var exception = await Assert.ThrowsAsync<TimeoutException>(() => shell.ReceiveAsync(TimeSpan.FromMilliseconds(500)));

        Assert.That(exception!.Message, Does.StartWith("No shell frame received within 0.5 s"));
        await shell.SendAsync("\u0003");
    }

    [Test]
    public async Task The_shell_exiting_ends_the_session_with_a_normal_close()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        await shell.SendLineAsync("exit");
        var frames = new List<ShellFrame>();
        await foreach (var frame in shell.ReadFramesAsync(new CancellationTokenSource(Deadline.Default).Token))
        {
            frames.Add(frame);
        }

        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => shell.ReceiveAsync(Deadline.Default));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
        Assert.That(exception.CloseStatus, Is.EqualTo(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task A_wrong_credential_on_the_dial_raises_AuthenticationException()
    {
        const string wrongKey = "sockt_live_00000000-0000-0000-0000-000000000000";
        var exception = await Assert.ThrowsAsync<AuthenticationException>(() => Sandbox.ConnectShellAsync(bearerToken: wrongKey));

        Assert.That(exception!.StatusCode, Is.EqualTo(401));
        Assert.That(exception.ToString(), Does.Not.Contain(wrongKey));
    }

    [Test]
    public async Task Connecting_to_a_paused_sandbox_raises_SandboxNotRunningException()
    {
        using var paused = await EmulatorSandbox.CreateAsync(Emulator);
        await paused.PauseAsync();
        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => paused.ConnectShellAsync());

        Assert.That(exception!.LastStatus, Is.EqualTo(SandboxState.Paused));
    }
}
