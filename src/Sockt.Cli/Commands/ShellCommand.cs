using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using Sockt.Cli.Infrastructure;
using Sockt.Cli.Terminal;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt shell &lt;id&gt;</c>: an interactive terminal in the sandbox. The local terminal is raw (keys go at once,
/// Ctrl+C reaches the remote program), size changes follow, billing notices show inline, and Ctrl+D or
/// <c>exit</c> leave. The local settings are restored on every way out, a dropped connection included.
/// </summary>
internal sealed class ShellCommand : SocktCommand
{
    private const string LineBreak = "\r\n";

    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();

    public ShellCommand()
        : base("shell", "Open an interactive shell to a sandbox")
    {
        Arguments.Add(sandboxId);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var sandbox = await context.GetRunningSandboxAsync(context.ParseResult.GetRequiredValue(sandboxId), cancellationToken);
        var (columns, rows) = TerminalSize.Current();
        await using var session = await sandbox.ConnectShellAsync(new ShellSessionOptions { Columns = columns, Rows = rows }, cancellationToken);

        string? failure = null;
        // .NET's console saves the terminal settings the first time it is used and puts them back at exit (and around
        // its own reads); make that happen now, while they are still the user's, not after raw mode is on.
        await context.Error.FlushAsync(cancellationToken);
        await Console.Out.FlushAsync(cancellationToken);
        using (RawTerminalMode.TryEnter())
        {
            // No SIGWINCH on Windows: the size stays as it was at the start there.
            using var resize = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGWINCH, signal => FollowResize(session));
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // The keyboard pump is not awaited: a read of the terminal cannot be cancelled, and the process ends soon after.
            _ = PumpInputAsync(session, stop.Token);
            try
            {
                await PumpOutputAsync(context, session, cancellationToken);
            }
            catch (Exception e) when (e is ShellClosedException or System.Net.WebSockets.WebSocketException or SocktException && !cancellationToken.IsCancellationRequested)
            {
                failure = e.Message;
            }
            finally
            {
                await stop.CancelAsync();
            }
        }

        // The terminal is restored by now, so the messages print as ordinary lines.
        if (failure is not null)
        {
            await context.Error.WriteLineAsync("Error: connection lost: " + failure);
            return 1;
        }

        await context.Error.WriteLineAsync("Connection closed.");
        return 0;
    }

    private static async Task PumpOutputAsync(CliContext context, ShellSession session, CancellationToken cancellationToken)
    {
        await using var stdout = TerminalStreams.Open(TerminalNative.StdoutFd, FileAccess.Write);
        await foreach (var frame in session.ReadFramesAsync(cancellationToken))
        {
            if (frame.IsOutput)
            {
                await stdout.WriteAsync(Encoding.UTF8.GetBytes(frame.Data), cancellationToken);
                await stdout.FlushAsync(cancellationToken);
            }
            else if (frame.Type == ShellFrameType.Error)
            {
                await context.Error.WriteAsync($"{LineBreak}Shell error: {frame.Data}{LineBreak}");
            }
            else if (frame.IsBillingNotice)
            {
                await context.Error.WriteAsync($"{LineBreak}[warning] {Notice(frame)}{LineBreak}");
            }
        }
    }

    private static string Notice(ShellFrame frame) =>
        frame.Type == ShellFrameType.LowBalance ? "Low balance"
        : frame.Type == ShellFrameType.DepositRequired ? "Deposit required"
        : frame.Type == ShellFrameType.OutOfBalance ? "Out of balance"
        : "Billing: " + frame.Data;

    private static async Task PumpInputAsync(ShellSession session, CancellationToken cancellationToken)
    {
        // Keys arrive as bytes; a UTF-8 character split across two reads must not become two replacement characters.
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        try
        {
            await using var stdin = TerminalStreams.Open(TerminalNative.StdinFd, FileAccess.Read);
            int read;
            while ((read = await stdin.ReadAsync(bytes, cancellationToken)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0);
                if (count > 0)
                {
                    await session.SendAsync(new string(chars, 0, count), cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ShellClosedException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The session ended or the command is leaving: nothing more to send.
        }
    }

    // Signal handlers must not block: the size goes out on its own task.
    private static void FollowResize(ShellSession session) => _ = SendSizeAsync(session);

    private static async Task SendSizeAsync(ShellSession session)
    {
        try
        {
            var (columns, rows) = TerminalSize.Current();
            await session.ResizeAsync(columns, rows);
        }
        catch (Exception e) when (e is ShellClosedException or InvalidOperationException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // The session is closing; the size no longer matters.
        }
    }
}
