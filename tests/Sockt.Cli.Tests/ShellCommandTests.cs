using System.Text.RegularExpressions;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary>
/// <c>sockt shell</c> in a real terminal (tmux): prompt, output, resize, Ctrl+C to the remote, Ctrl+D to leave, and the
/// local terminal settings (<c>stty -g</c>) the same after as before, also when the connection drops.
/// </summary>
public sealed class ShellCommandTests : CliTestBase
{
    private string directory = null!;

    [SetUp]
    public void CreateDirectory() =>
        directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sockt-cli-shell-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(directory, recursive: true);

    [Test]
    public async Task Prompt_output_resize_ctrl_c_and_ctrl_d_with_the_terminal_restored()
    {
        var sandbox = await RunningSandboxAsync();
        await using var terminal = await TmuxTerminal.StartAsync(Script(sandbox.Id), 100, 30);

        await ScreenShowsAsync(terminal, screen => screen.Contains('$', StringComparison.Ordinal), "the remote prompt");
        await RunRemoteAsync(terminal, "echo ab''cd", "abcd");
        // Raw mode: only the remote echoes what is typed (a cooked local terminal would show it twice).
        Assert.That(Regex.Matches(await terminal.ScreenAsync(), Regex.Escape("echo ab''cd")), Has.Count.EqualTo(1));
        await RunRemoteAsync(terminal, "stty size", "30 100");

        // The new size travels as its own message after SIGWINCH, so a command typed at once may still see the old
        // one: ask again (each time after the previous answer) until the remote terminal has it.
        await terminal.ResizeAsync(120, 40);
        await Poll.UntilAsync(() => RemoteSizeAsync(terminal), size => size == "40 120", "the remote terminal to be 40 rows by 120 columns");

        // Ctrl+C reaches the remote program (the sleep ends at once), not the local sockt.
        await RunRemoteAsync(terminal, "echo sleep''ing; sleep 300", "sleeping");
        await terminal.SendKeysAsync("C-c");
        await ScreenShowsAsync(terminal, screen => Regex.IsMatch(screen, @"\^C\s*\n\S*\$ *\s*$"), "a new remote prompt after ^C");
        await RunRemoteAsync(terminal, "echo after''-interrupt", "after-interrupt");

        await terminal.SendKeysAsync("C-d");
        var exitCode = await ExitCodeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, File.ReadAllText(Path.Combine(directory, "stderr")));
            Assert.That(File.ReadAllText(Path.Combine(directory, "after")), Is.EqualTo(File.ReadAllText(Path.Combine(directory, "before"))), "stty -g after == before");
            Assert.That(File.ReadAllText(Path.Combine(directory, "stderr")), Does.Contain("Connection closed."));
        });
    }

    [Test]
    public async Task A_dropped_connection_still_restores_the_terminal()
    {
        var sandbox = await RunningSandboxAsync();
        await using var terminal = await TmuxTerminal.StartAsync(Script(sandbox.Id), 100, 30);
        await ScreenShowsAsync(terminal, screen => screen.Contains('$', StringComparison.Ordinal), "the remote prompt");

        await sandbox.TerminateAsync();

        await ExitCodeAsync();
        Assert.That(File.ReadAllText(Path.Combine(directory, "after")), Is.EqualTo(File.ReadAllText(Path.Combine(directory, "before"))), "stty -g after == before");
    }

    /// <summary>A local shell script: record the terminal settings, run sockt shell, record its exit code and the settings again.</summary>
    private string Script(string sandboxId)
    {
        var path = Path.Combine(directory, "run.sh");
        File.WriteAllText(path, $"""
            export SOCKT_API_URL='{Emulator.BaseUrl}' SOCKT_API_KEY='{PrimaryApiKey}'
            unset SOCKT_SANDBOX_TOKEN
            stty -g > '{directory}/before'
            '{CliProcess.ExecutablePath}' shell '{sandboxId}' 2> '{directory}/stderr'
            code=$?
            stty -g > '{directory}/after'
            echo $code > '{directory}/rc.tmp' && mv '{directory}/rc.tmp' '{directory}/rc'
            """);
        return path;
    }

    private async Task RunRemoteAsync(TmuxTerminal terminal, string command, string expectedOutput)
    {
        await terminal.TypeAsync(command);
        await terminal.SendKeysAsync("Enter");
        // The output on a line of its own (the typed command is echoed too, with its quotes).
        await ScreenShowsAsync(terminal, screen => Regex.IsMatch(screen, "^" + Regex.Escape(expectedOutput) + @"\s*$", RegexOptions.Multiline), $"'{expectedOutput}' from `{command}`");
    }

    private static async Task<string> RemoteSizeAsync(TmuxTerminal terminal)
    {
        await terminal.TypeAsync("clear; stty size");
        await terminal.SendKeysAsync("Enter");
        var pattern = new Regex(@"^(\d+ \d+)\s*\n\S*\$", RegexOptions.Multiline);
        var screen = await Poll.UntilAsync(terminal.ScreenAsync, screen => pattern.IsMatch(screen), "the answer of stty size");
        return pattern.Match(screen).Groups[1].Value;
    }

    private static Task ScreenShowsAsync(TmuxTerminal terminal, Func<string, bool> condition, string what) =>
        Poll.UntilAsync(terminal.ScreenAsync, condition, what);

    private async Task<int> ExitCodeAsync()
    {
        var rc = Path.Combine(directory, "rc");
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(rc)), exists => exists, "sockt shell to exit");
        return int.Parse(File.ReadAllText(rc).Trim());
    }
}
