using static Sockt.Shell.Tests.Emulator.ShellReading;

namespace Sockt.Shell.Tests.Emulator;

/// <summary><see cref="ShellSession.RunAsync"/> and <see cref="ShellSession.ReadUntilAsync(string, TimeSpan?, CancellationToken)"/> against bash in the emulator's real PTY.</summary>
[NonParallelizable]
public sealed class RunAsyncTests : EmulatorSandboxFixture
{
    [Test]
    public async Task Run_returns_exactly_the_output_of_each_command()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        var created = await shell.RunAsync("mkdir -p /tmp/run-ls && cd /tmp/run-ls && touch b a && echo made");
        var listed = await shell.RunAsync("ls -1");
        var echoed = await shell.RunAsync("echo \"one two\"; printf 'no newline'");
        var silent = await shell.RunAsync("true");

        Assert.That(created, Is.EqualTo("made\r\n"));
        Assert.That(listed, Is.EqualTo("a\r\nb\r\n"));
        Assert.That(echoed, Is.EqualTo("one two\r\nno newline"));
        Assert.That(silent, Is.Empty);
    }

    [Test]
    public async Task The_working_directory_and_variables_carry_over_between_runs()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        await shell.RunAsync("cd /tmp");
        await shell.RunAsync("export RUN_STATE=kept");
        var output = await shell.RunAsync("echo \"$PWD $RUN_STATE\"");

        Assert.That(output, Is.EqualTo("/tmp kept\r\n"));
    }

    [Test]
    public async Task A_command_wider_than_the_terminal_is_wrapped_in_the_echo_but_its_output_is_whole()
    {
        await using var shell = await Sandbox.ConnectShellAsync(new ShellSessionOptions { Columns = 40 });
        var word = new string('x', 150);

        var output = await shell.RunAsync($"echo {word} && echo {word.Length}-chars");

        Assert.That(output, Is.EqualTo($"{word}\r\n150-chars\r\n"));
    }

    [Test]
    public async Task Comments_background_jobs_multi_line_commands_and_xtrace_do_not_confuse_the_markers()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        var commented = await shell.RunAsync("echo commented # a trailing comment");
        var multiLine = await shell.RunAsync("for i in 1 2; do\n  echo line-$i\ndone");
        var background = await shell.RunAsync("sleep 0 &");
        await shell.RunAsync("wait");
        var traced = await shell.RunAsync("set -x; echo traced; set +x");

        Assert.That(commented, Is.EqualTo("commented\r\n"));
        Assert.That(multiLine, Is.EqualTo("line-1\r\nline-2\r\n"));
        Assert.That(background, Does.Match(@"^\[1\] \d+\r\n$"));
        Assert.That(traced, Does.Contain("+ echo traced\r\ntraced\r\n").And.Not.Contains("__SOCKT_"));
    }

    [Test]
    public async Task A_literal_tab_in_the_command_is_typed_as_a_tab_not_completion()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        var output = await shell.RunAsync("echo \"a\tb\" | od -c | head -1\ncat <<EOF\n\tindented\nEOF", TimeSpan.FromSeconds(5));

        Assert.That(output, Does.Contain("a  \\t   b").And.Contain("\tindented\r\n"));
    }

    [Test]
    public async Task Quotes_backslashes_bangs_and_non_ascii_text_reach_bash_exactly()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        var output = await shell.RunAsync("printf '%s\\n' \"it's\" 'back\\slash' \"bang!x\" 'héllo ✓ 😀'", TimeSpan.FromSeconds(5));

        Assert.That(output, Is.EqualTo("it's\r\nback\\slash\r\nbang!x\r\nhéllo ✓ 😀\r\n"));
    }

    [Test]
    public async Task A_syntax_error_is_reported_in_the_output_and_the_shell_stays_usable()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        var error = await shell.RunAsync("echo 'unterminated", TimeSpan.FromSeconds(5));
        var after = await shell.RunAsync("echo fine", TimeSpan.FromSeconds(5));

        Assert.That(error, Does.Contain("unexpected EOF"));
        Assert.That(after, Is.EqualTo("fine\r\n"));
    }

    [Test]
    public async Task Output_waiting_before_a_run_is_skipped_and_the_prompt_after_it_stays_readable()
    {
        await using var shell = await Sandbox.ConnectShellAsync();
        await shell.SendLineAsync(Echo("earlier"));
        await shell.ReadUntilAsync(Printed("earlier"));

        var output = await shell.RunAsync("echo now");
        var after = await shell.ReadUntilAsync("sandbox:"); // the next prompt, "sandbox:~# "

        Assert.That(output, Is.EqualTo("now\r\n"));
        Assert.That(after, Does.StartWith("\r\n").And.Not.Contain("now"));
    }

    [Test]
    public async Task A_run_that_does_not_finish_in_time_raises_TimeoutException_and_the_shell_recovers_after_ctrl_c()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        var command = EchoThenSleep("waiting");

        var exception = await Assert.ThrowsAsync<TimeoutException>(() => shell.RunAsync(command, TimeSpan.FromMilliseconds(1500)));
        await shell.ReadUntilAsync(Printed("waiting")); // from the output handed back by the failed run, or arriving now
        await shell.SendAsync("\u0003");
        await shell.ReadUntilAsync(ReadlineReady);
        var output = await shell.RunAsync("echo recovered");

        Assert.That(exception!.Message, Does.StartWith($"The command \"{command}\" did not finish within 1.5 s"));
        Assert.That(output, Is.EqualTo("recovered\r\n"));
    }

    [Test]
    public async Task A_run_ending_the_shell_raises_ShellClosedException()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => shell.RunAsync("exit 3"));

        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
    }

    [Test]
    public async Task Reading_until_a_computed_marker_skips_the_echo_and_keeps_the_rest()
    {
        await using var shell = await Sandbox.ConnectShellAsync();

        await shell.SendLineAsync("echo first; printf '%s-%s\\n' DONE 42; echo second");
        var upToMarker = await shell.ReadUntilAsync("DONE-42");
        var rest = await shell.ReadUntilAsync("second\r\n");

        Assert.That(upToMarker, Does.Contain("first\r\n").And.EndWith("DONE-42"));
        Assert.That(rest, Does.StartWith("\r\nsecond\r\n").Or.EndWith("\r\nsecond\r\n"));
        Assert.That(rest, Does.Not.Contain("DONE-42"));
    }
}
