using System.CommandLine;
using Sockt.Emulator.Hosting;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt emulator [options]</c>: runs the local Sockt emulator in the foreground until Ctrl+C.</summary>
internal sealed class EmulatorCommand : Command
{
    // The emulator owns its options (src/Sockt.Emulator/Hosting); they pass through unchanged.
    private readonly Argument<string[]> options = new("options")
    {
        Description = "Emulator options: --port, --boot-delay, --api-key, ... (sockt emulator --help lists them)",
        Arity = ArgumentArity.ZeroOrMore,
        CaptureRemainingTokens = true,
    };

    public EmulatorCommand()
        : base("emulator", "Run the local Sockt emulator (real sandboxes) in the foreground; prints its URL, keys and the export lines")
    {
        Arguments.Add(options);
        TreatUnmatchedTokensAsErrors = false;
        SetAction(async (parseResult, cancellationToken) =>
        {
            var args = (parseResult.GetValue(options) ?? []).Concat(parseResult.UnmatchedTokens).ToList();
            return await EmulatorConsoleHost.RunAsync(args, "sockt emulator", cancellationToken);
        });
    }
}
