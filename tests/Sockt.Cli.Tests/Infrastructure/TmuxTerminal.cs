using System.Diagnostics;

namespace Sockt.Cli.Tests.Infrastructure;

/// <summary>
/// A real terminal: a detached tmux session on its own server socket, running a script. Keys go in with
/// <c>send-keys</c>, the screen comes back with <c>capture-pane</c>, and the window can be resized.
/// </summary>
public sealed class TmuxTerminal : IAsyncDisposable
{
    private readonly string socket = "sockt-cli-tests-" + Guid.NewGuid().ToString("N")[..12];
    private const string Session = "cli";

    private TmuxTerminal()
    {
    }

    /// <summary>Starts <c>bash script</c> in a <paramref name="columns"/>×<paramref name="rows"/> window without a status line.</summary>
    public static async Task<TmuxTerminal> StartAsync(string script, int columns, int rows)
    {
        var terminal = new TmuxTerminal();
        await terminal.RunAsync("-f", "/dev/null", "new-session", "-d", "-s", Session, "-x", columns.ToString(), "-y", rows.ToString(), "bash " + script);
        await terminal.RunAsync("set-option", "-g", "status", "off");
        await terminal.RunAsync("set-option", "-g", "remain-on-exit", "on");
        return terminal;
    }

    /// <summary>The visible screen, lines joined (wrapped lines are joined back).</summary>
    public Task<string> ScreenAsync() => RunAsync("capture-pane", "-p", "-J", "-t", Session);

    /// <summary>Types keys; tmux key names (Enter, C-c, C-d) or literal text.</summary>
    public Task SendKeysAsync(params string[] keys) => RunAsync(["send-keys", "-t", Session, .. keys]);

    /// <summary>Types text exactly as given.</summary>
    public Task TypeAsync(string text) => RunAsync("send-keys", "-t", Session, "-l", text);

    /// <summary>Resizes the window, which sends SIGWINCH to the program in it.</summary>
    public Task ResizeAsync(int columns, int rows) => RunAsync("resize-window", "-t", Session, "-x", columns.ToString(), "-y", rows.ToString());

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("kill-server");
        }
        catch (AssertionException)
        {
            // Already gone.
        }
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add(socket);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Assert.Fail($"tmux {string.Join(' ', args)} failed: {await error}");
        }

        return await output;
    }
}
