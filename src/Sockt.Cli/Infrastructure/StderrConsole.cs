using Spectre.Console;

namespace Sockt.Cli.Infrastructure;

/// <summary>Spectre.Console on stderr: spinners and progress bars never mix with the data on stdout.</summary>
internal static class StderrConsole
{
    /// <summary>A console writing to stderr.</summary>
    public static IAnsiConsole Create() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    });
}
