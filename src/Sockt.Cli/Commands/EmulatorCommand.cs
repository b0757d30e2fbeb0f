using System.CommandLine;
using Sockt.Emulator.Hosting;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt emulator [options]</c>: runs the local Sockt emulator in the foreground until Ctrl+C. The options are the
/// emulator executable's own (one definition, in src/Sockt.Emulator/Hosting).
/// </summary>
internal static class EmulatorCommand
{
    public static Command Create() => EmulatorConsoleHost.CreateCommand(
        "emulator",
        "Run the local Sockt emulator (real sandboxes) in the foreground; prints its URL, keys and the export lines",
        "sockt emulator");
}
