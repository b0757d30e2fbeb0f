using System.CommandLine;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt sandbox</c>: the lifecycle commands.</summary>
internal sealed class SandboxCommand : Command
{
    public SandboxCommand()
        : base("sandbox", "Manage sandboxes")
    {
        Subcommands.Add(new SandboxCreateCommand());
        Subcommands.Add(new SandboxStatusCommand());
        Subcommands.Add(new SandboxPauseCommand());
        Subcommands.Add(new SandboxResumeCommand());
        Subcommands.Add(new SandboxTerminateCommand());
    }
}
