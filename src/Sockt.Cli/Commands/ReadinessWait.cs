using Sockt.Cli.Infrastructure;
using Spectre.Console;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>--wait</c>: until the sandbox runs and its data plane answers (the SDK's wait does both). A spinner on a
/// terminal; the official CLI's plain progress line when stderr is piped.
/// </summary>
internal static class ReadinessWait
{
    /// <summary>The longest wait: the official CLI polls up to 60 × 2 s for the status, then 30 × 2 s for the data plane.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(CliContext context, Sandbox sandbox, CancellationToken cancellationToken)
    {
        if (context.IsErrorTerminal)
        {
            await StderrConsole.Create().Status()
                .Spinner(Spinner.Known.Dots)
                .StartAsync("Waiting for sandbox to start...", _ => sandbox.WaitUntilRunningAsync(Timeout, cancellationToken: cancellationToken));
            await context.Error.WriteLineAsync("Sandbox is running.");
            return;
        }

        await context.Error.WriteAsync("Waiting for sandbox to start...");
        await sandbox.WaitUntilRunningAsync(Timeout, cancellationToken: cancellationToken);
        await context.Error.WriteLineAsync(" ready!");
    }
}
