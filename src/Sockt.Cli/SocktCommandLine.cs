using System.CommandLine;
using Sockt.Cli.Commands;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli;

/// <summary>The <c>sockt</c> command tree: every command is one class under Commands/, registered here.</summary>
internal static class SocktCommandLine
{
    /// <summary>Builds the root command with the global options and every subcommand.</summary>
    public static RootCommand Create()
    {
        var root = new RootCommand("Sockt CLI: manage Sockt cloud sandboxes (and run the local emulator).");
        root.Options.Add(GlobalOptions.Token);
        root.Options.Add(GlobalOptions.Json);
        root.Subcommands.Add(new TiersCommand());
        root.Subcommands.Add(new SandboxCommand());
        root.Subcommands.Add(new ExecCommand());
        root.Subcommands.Add(new ExecCancelCommand());
        root.Subcommands.Add(new ShellCommand());
        root.Subcommands.Add(new FilesCommand());
        root.Subcommands.Add(EmulatorCommand.Create());
        root.Subcommands.Add(new CompletionCommand());
        root.Subcommands.Add(new McpCommand());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static Task<int> RunAsync(string[] args) =>
        Create().Parse(ExecCommand.MarkCommandStart(args)).InvokeAsync(new InvocationConfiguration
        {
            // Commands that must clean up on Ctrl+C/SIGTERM (exec cancels the remote execution, the emulator
            // terminates its sandboxes) register their own handlers; System.CommandLine's would end the process first.
            ProcessTerminationTimeout = null,
        });
}
