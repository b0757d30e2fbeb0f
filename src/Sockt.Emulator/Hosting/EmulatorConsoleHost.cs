using System.CommandLine;
using System.Runtime.InteropServices;

namespace Sockt.Emulator.Hosting;

/// <summary>
/// Runs the emulator in the foreground of a console, as <c>dotnet run --project src/Sockt.Emulator</c> and
/// <c>sockt emulator</c> both do: one System.CommandLine definition of the options, the banner, serving until Ctrl+C
/// or SIGTERM.
/// </summary>
public static class EmulatorConsoleHost
{
    /// <summary>Parses <paramref name="args"/> (help and <c>--version</c> included), starts the emulator and serves until Ctrl+C, SIGTERM or <paramref name="cancellationToken"/>.</summary>
    /// <param name="args">The emulator's options (see <c>--help</c>).</param>
    /// <param name="programName">How the user started it, shown in messages (for example <c>sockt-emulator</c>).</param>
    /// <param name="cancellationToken">Stops the emulator, as Ctrl+C does.</param>
    /// <returns>The process exit code: 0 after a clean stop, 1 when the emulator could not start or an option is unknown, 2 for a bad value.</returns>
    public static Task<int> RunAsync(IReadOnlyList<string> args, string programName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentException.ThrowIfNullOrWhiteSpace(programName);
        var root = EmulatorCommandLine.CreateRootCommand();
        root.SetAction((parseResult, token) => RunParsedAsync(parseResult, programName, token));
        return root.Parse(args.ToArray()).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, cancellationToken);
    }

    /// <summary>
    /// A System.CommandLine command with every emulator option whose action runs the emulator in the foreground; the
    /// <c>sockt</c> tool adds it as <c>sockt emulator</c>. Its caller must not let System.CommandLine end the process on
    /// Ctrl+C (<see cref="InvocationConfiguration.ProcessTerminationTimeout"/> null): the emulator stops its sandboxes first.
    /// </summary>
    /// <param name="name">The command's name, for example <c>emulator</c>.</param>
    /// <param name="description">The command's description in help.</param>
    /// <param name="programName">How messages name the program, for example <c>sockt emulator</c>.</param>
    /// <returns>The command.</returns>
    public static Command CreateCommand(string name, string description, string programName)
    {
        var command = new Command(name, description);
        EmulatorCommandLine.AddOptionsTo(command);
        command.SetAction((parseResult, token) => RunParsedAsync(parseResult, programName, token));
        return command;
    }

    private static async Task<int> RunParsedAsync(ParseResult parseResult, string programName, CancellationToken cancellationToken)
    {
        SocktEmulatorOptions options;
        try
        {
            options = EmulatorCommandLine.ToOptions(parseResult);
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
