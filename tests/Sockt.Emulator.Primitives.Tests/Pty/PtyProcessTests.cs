using System.Text;
using Sockt.Emulator.Pty;

namespace Sockt.Emulator.Primitives.Tests.Pty;

/// <summary>
/// Real processes in a real PTY, once directly and once inside bubblewrap (the way the emulator runs sandboxes).
/// Typed commands compute their markers (<c>$((6*7))</c>), so the terminal's echo of the command line never
/// matches the marker that proves the command ran.
/// </summary>
[TestFixture(Launch.Direct)]
[TestFixture(Launch.Bubblewrap)]
[Parallelizable(ParallelScope.Children)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class PtyProcessTests(PtyProcessTests.Launch launch)
{
    /// <summary>How the program under test is started.</summary>
    public enum Launch
    {
        /// <summary>The program runs directly in the PTY.</summary>
        Direct,

        /// <summary>The program runs inside bwrap, as the emulator's sandboxes do.</summary>
        Bubblewrap,
    }

    private const string Bwrap = "/usr/bin/bwrap";
    private static readonly string[] InteractiveBash = ["/bin/bash", "--norc", "--noprofile", "-i"];

    private string _home = null!;

    [SetUp]
    public void CreateHome()
    {
        if (launch == Launch.Bubblewrap && !File.Exists(Bwrap))
        {
            Assert.Fail($"bubblewrap is required for the sandboxed PTY tests: install it (apt-get install bubblewrap); {Bwrap} is missing.");
        }

        _home = Directory.CreateTempSubdirectory("pty-test-").FullName;
    }

    [TearDown]
    public void DeleteHome() => Directory.Delete(_home, recursive: true);

    [Test]
    public async Task Typed_command_runs_in_interactive_bash_and_its_output_comes_back()
    {
        await using var pty = PtyProcess.Start(StartInfo(InteractiveBash));
        var transcript = TerminalTranscript.Of(pty);

        await TypeAsync(pty, "echo round-trip-$((40+2))\n");

        await transcript.WaitForAsync("round-trip-42");
    }

    [Test]
    public async Task Stdin_stdout_and_stderr_are_the_terminal()
    {
        await using var pty = PtyProcess.Start(StartInfo(InteractiveBash));
        var transcript = TerminalTranscript.Of(pty);

        await TypeAsync(pty, "test -t 0 && test -t 1 && test -t 2 && tty >/dev/null && echo TTY-$((1+1))\n");

        await transcript.WaitForAsync("TTY-2");
    }

    [Test]
    public async Task Initial_size_and_Resize_are_seen_by_stty_and_deliver_SIGWINCH()
    {
        await using var pty = PtyProcess.Start(StartInfo(InteractiveBash, columns: 100, rows: 30));
        var transcript = TerminalTranscript.Of(pty);

        // A foreground job that prints the size once its WINCH trap is set, then waits for the signal. (An
        // interactive bash idle in readline would run such a trap only at the next input line.)
        await TypeAsync(pty, "bash -c 'trap \"echo winch-\\$((3*3)); exit\" WINCH; stty size; while :; do sleep 1 & wait; done'\n");
        await transcript.WaitForAsync("30 100");

        pty.Resize(120, 40);
        await transcript.WaitForAsync("winch-9");
        await TypeAsync(pty, "stty size\n");
        await transcript.WaitForAsync("40 120");
    }

    [Test]
    public async Task Ctrl_C_interrupts_the_foreground_job_and_the_shell_takes_input_again()
    {
        await using var pty = PtyProcess.Start(StartInfo(InteractiveBash));
        var transcript = TerminalTranscript.Of(pty);

        await TypeAsync(pty, "sleep 100\n");
        await ProcessTable.PollUntilAsync(() => SleepsInSession(pty) == 1, "sleep 100 running in the terminal's session");

        await pty.WriteAsync(new byte[] { 0x03 });

        await ProcessTable.PollUntilAsync(() => SleepsInSession(pty) == 0, "sleep 100 ended by SIGINT");
        // Had the sleep survived, the shell would not read this line for 100 s, far beyond the deadline.
        await TypeAsync(pty, "echo back-$((2+3))\n");
        await transcript.WaitForAsync("back-5");
    }

    [Test]
    public async Task Program_exit_completes_WaitForExitAsync_with_its_code_and_ends_Output()
    {
        await using var pty = PtyProcess.Start(StartInfo(["/bin/bash", "-c", "echo bye-$((1+2)); exit 7"]));
        var transcript = TerminalTranscript.Of(pty);

        var exitCode = await pty.WaitForExitAsync().WaitAsync(TerminalTranscript.Deadline);
        await transcript.WaitForEndAsync();

        Assert.That(exitCode, Is.EqualTo(7));
        Assert.That(transcript.Text, Does.Contain("bye-3"));
    }

    [Test]
    public async Task Kill_ends_the_program_its_background_jobs_and_their_process_groups()
    {
        var marker = NewMarker();
        // set -m gives each background job its own process group, so killing one group would not be enough.
        var script = $"set -m; {MarkedSleep(marker)} & {MarkedSleep(marker)} & exec -a {Spelled(marker)} sleep 3600";
        await using var pty = PtyProcess.Start(StartInfo(["/bin/bash", "-c", script]));
        var transcript = TerminalTranscript.Of(pty);
        await ProcessTable.PollUntilAsync(() => ProcessTable.CountWithMarker(marker) == 3, "three marked sleeps");

        pty.Kill();

        await ProcessTable.PollUntilAsync(() => ProcessTable.CountWithMarker(marker) == 0, "no marked process left");
        Assert.That(await pty.WaitForExitAsync().WaitAsync(TerminalTranscript.Deadline), Is.EqualTo(128 + 9));
        await transcript.WaitForEndAsync();
    }

    [Test]
    public async Task Leftover_that_ignores_SIGHUP_keeps_Output_open_until_Kill()
    {
        var marker = NewMarker();
        // HUP is ignored before the fork, so the leftover survives the hangup that the session leader's exit sends.
        var script = $"trap '' HUP; {MarkedSleep(marker)} & echo started-$((4+4)); exit 3";
        await using var pty = PtyProcess.Start(StartInfo(["/bin/bash", "-c", script]));
        var transcript = TerminalTranscript.Of(pty);

        Assert.That(await pty.WaitForExitAsync().WaitAsync(TerminalTranscript.Deadline), Is.EqualTo(3));
        await transcript.WaitForAsync("started-8");
        if (launch == Launch.Bubblewrap)
        {
            // With --unshare-pid, bwrap's init exits with the program, and the kernel kills the rest of the pid
            // namespace: leftovers cannot outlive a sandbox, and the output ends without Kill().
            await ProcessTable.PollUntilAsync(() => ProcessTable.CountWithMarker(marker) == 0, "pid namespace torn down");
            await transcript.WaitForEndAsync();
            return;
        }

        await ProcessTable.PollUntilAsync(() => ProcessTable.CountWithMarker(marker) == 1, "the leftover running after the program exited");
        Assert.That(transcript.Completion.IsCompleted, Is.False, "the leftover still holds the terminal");

        pty.Kill();

        await ProcessTable.PollUntilAsync(() => ProcessTable.CountWithMarker(marker) == 0, "leftover killed");
        await transcript.WaitForEndAsync();
    }

    [Test]
    public async Task DisposeAsync_kills_a_running_program_and_ends_Output()
    {
        var marker = NewMarker();
        var pty = PtyProcess.Start(StartInfo(["/bin/bash", "-c", $"{MarkedSleep(marker)} & exec -a {Spelled(marker)} sleep 3600"]));
        var transcript = TerminalTranscript.Of(pty);
        await ProcessTable.PollUntilAsync(() => ProcessTable.CountWithMarker(marker) == 2, "two marked sleeps");

        await pty.DisposeAsync();

        await transcript.WaitForEndAsync();
        await ProcessTable.PollUntilAsync(() => ProcessTable.CountWithMarker(marker) == 0, "no marked process left");
        Assert.That(
            async () => await pty.WriteAsync("x"u8.ToArray()),
            Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Ten_megabytes_of_output_arrive_complete()
    {
        const int size = 10_000_000;
        await using var pty = PtyProcess.Start(StartInfo(["/bin/bash", "-c", $"head -c {size} /dev/zero | tr '\\0' x; echo; echo end-$((5*5))"]));

        long xs = 0;
        var tail = new StringBuilder();
        var buffer = new byte[64 * 1024];
        using var deadline = new CancellationTokenSource(TerminalTranscript.Deadline * 2);
        int count;
        while ((count = await pty.Output.ReadAsync(buffer, deadline.Token)) > 0)
        {
            foreach (var b in buffer.AsSpan(0, count))
            {
                if (b == (byte)'x')
                {
                    xs++;
                }
                else
                {
                    tail.Append((char)b);
                }
            }
        }

        Assert.That(xs, Is.EqualTo(size));
        Assert.That(tail.ToString(), Does.Contain("end-25"));
        Assert.That(await pty.WaitForExitAsync(deadline.Token), Is.Zero);
    }

    private static string NewMarker() => "pty-test-" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// The marker as shell text that evaluates to the marker but does not contain it, so only the processes
    /// renamed with <c>exec -a</c> carry it in their command line, not the shell or bwrap that got the script.
    /// </summary>
    private static string Spelled(string marker) => marker[..4] + "\"\"" + marker[4..];

    /// <summary>A subshell running <c>sleep 3600</c> under the name <paramref name="marker"/>.</summary>
    private static string MarkedSleep(string marker) => $"(exec -a {Spelled(marker)} sleep 3600)";

    private static int SleepsInSession(PtyProcess pty) =>
        ProcessTable.Snapshot().Count(e => e.SessionId == pty.ProcessId && e.CommandLine is ["sleep", "100"]);

    private static ValueTask TypeAsync(PtyProcess pty, string text) => pty.WriteAsync(Encoding.UTF8.GetBytes(text));

    private PtyStartInfo StartInfo(string[] command, int columns = 80, int rows = 24)
    {
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = launch == Launch.Bubblewrap ? "/home/sandbox" : _home,
            ["PS1"] = "$ ",
            ["TERM"] = "xterm-256color",
        };
        if (launch == Launch.Direct)
        {
            return new PtyStartInfo
            {
                FileName = command[0],
                Arguments = command[1..],
                WorkingDirectory = _home,
                Environment = environment,
                Columns = columns,
                Rows = rows,
            };
        }

        string[] sandbox =
        [
            "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid", "--die-with-parent",
            // The read-only root has no /home/sandbox to mount on: a tmpfs /home lets bwrap create it.
            "--tmpfs", "/home", "--bind", _home, "/home/sandbox", "--chdir", "/home/sandbox",
        ];
        return new PtyStartInfo
        {
            FileName = Bwrap,
            Arguments = [.. sandbox, .. command],
            WorkingDirectory = _home,
            Environment = environment,
            Columns = columns,
            Rows = rows,
        };
    }
}
