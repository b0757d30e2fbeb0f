using System.CommandLine;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt files</c>: moving files in and out of a sandbox.</summary>
internal sealed class FilesCommand : Command
{
    public FilesCommand()
        : base("files", "File operations on a sandbox")
    {
        Subcommands.Add(new FilesWriteCommand());
        Subcommands.Add(new FilesReadCommand());
        Subcommands.Add(new FilesListCommand());
        Subcommands.Add(new FilesPutCommand());
        Subcommands.Add(new FilesGetCommand());
    }
}
