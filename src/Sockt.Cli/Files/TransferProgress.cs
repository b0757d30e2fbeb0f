using Sockt.Cli.Infrastructure;
using Spectre.Console;

namespace Sockt.Cli.Files;

/// <summary>
/// A progress bar on stderr for transfers above 1 MiB when stderr is a terminal; nothing at all otherwise (piped
/// output stays quiet and plain).
/// </summary>
internal static class TransferProgress
{
    /// <summary>Transfers at least this large get a bar.</summary>
    public const long Threshold = 1024 * 1024;

    /// <summary>Runs <paramref name="transfer"/>, handing it a callback that advances the bar by a number of bytes.</summary>
    public static async Task RunAsync(CliContext context, string description, long totalBytes, Func<Action<long>, Task> transfer)
    {
        if (!context.IsErrorTerminal || totalBytes < Threshold)
        {
            await transfer(_ => { });
            return;
        }

        await StderrConsole.Create().Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(Markup.Escape(description), maxValue: totalBytes);
                await transfer(bytes => task.Increment(bytes));
            });
    }
}
