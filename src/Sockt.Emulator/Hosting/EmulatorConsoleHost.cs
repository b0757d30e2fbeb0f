using System.Runtime.InteropServices;

namespace Sockt.Emulator.Hosting;

/// <summary>
/// Runs the emulator in the foreground of a console, as <c>dotnet run --project src/Sockt.Emulator</c> and
/// <c>sockt emulator</c> both do: parses the options, prints the banner, serves until Ctrl+C or SIGTERM.
/// </summary>
public static class EmulatorConsoleHost
{
    /// <summary>Parses <paramref name="args"/>, starts the emulator and serves until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>.</summary>
    /// <param name="args">The emulator's options (see <c>--help</c>).</param>
    /// <param name="programName">How the user started it, shown in the usage text (for example <c>sockt emulator</c>).</param>
    /// <param name="cancellationToken">Stops the emulator, as Ctrl+C does.</param>
    /// <returns>The process exit code: 0 after a clean stop, 1 when the emulator could not start, 2 for a bad option.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, string programName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentException.ThrowIfNullOrWhiteSpace(programName);
        if (args.Contains("--version"))
        {
            Console.WriteLine(EmulatorVersion.Informational);
            return 0;
        }

        SocktEmulatorOptions options;
        try
        {
            var parsed = EmulatorCommandLine.Parse(args);
            if (parsed is null)
            {
                Console.WriteLine(EmulatorCommandLine.Usage.Replace("{program}", programName, StringComparison.Ordinal));
                return 0;
            }

            options = parsed;
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(programName + ": " + e.Message);
            await Console.Error.WriteLineAsync("Run with --help for the options.");
            return 2;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, stop));

        SocktEmulator emulator;
        try
        {
            emulator = await SocktEmulator.StartAsync(options, stop.Token);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            await Console.Error.WriteLineAsync(programName + ": " + e.Message);
            return 1;
        }

        await using (emulator)
        {
            EmulatorCommandLine.PrintBanner(emulator, options);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            Console.WriteLine("Stopping: terminating every sandbox...");
        }

        return 0;
    }

    private static void Stop(PosixSignalContext context, CancellationTokenSource stop)
    {
        // Keep the process alive until every sandbox is terminated and the data directory is cleaned up.
        context.Cancel = true;
        stop.Cancel();
    }
}
