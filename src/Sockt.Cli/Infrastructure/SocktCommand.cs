using System.CommandLine;

namespace Sockt.Cli.Infrastructure;

/// <summary>
/// Base of every command that talks to Sockt: runs <see cref="ExecuteAsync"/> with a <see cref="CliContext"/>, prints
/// failures as <c>Error: ...</c> on stderr with exit code 1, and exits with 130 on Ctrl+C.
/// </summary>
internal abstract class SocktCommand : Command
{
    /// <summary>Exit code after Ctrl+C (128 + SIGINT), as shells report it.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>Creates the command and wires its action.</summary>
    protected SocktCommand(string name, string description)
        : base(name, description)
    {
        SetAction(InvokeAsync);
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    protected abstract Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken);

    private async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var interrupt = new InterruptSignal(cancellationToken);
        await using var context = new CliContext(parseResult);
        try
        {
            return await ExecuteAsync(context, interrupt.Token);
        }
        catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
        {
            return InterruptedExitCode;
        }
        catch (Exception e) when (ErrorMessages.Describe(e, context.Credential) is { } message)
        {
            await context.Error.WriteLineAsync("Error: " + message);
            return 1;
        }
    }
}
