using System.CommandLine;
using System.Globalization;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt files ls &lt;id&gt; [path] [--recursive/-r] [--max-depth n]</c>: a TYPE SIZE NAME table.</summary>
internal sealed class FilesListCommand : SocktCommand
{
    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();
    private readonly Argument<string> path = new("path") { Description = "Directory to list", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
    private readonly Option<bool> recursive = new("--recursive", "-r") { Description = "List recursively" };
    private readonly Option<int?> maxDepth = new("--max-depth") { Description = "Maximum directory depth (with --recursive)" };

    public FilesListCommand()
        : base("ls", "List files in a sandbox directory")
    {
        Arguments.Add(sandboxId);
        Arguments.Add(path);
        Options.Add(recursive);
        Options.Add(maxDepth);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var sandbox = await context.GetRunningSandboxAsync(parse.GetRequiredValue(sandboxId), cancellationToken);
        var entries = await sandbox.ListFilesAsync(
            parse.GetValue(path) ?? ".",
            parse.GetValue(recursive),
            parse.GetValue(maxDepth) is > 0 and var depth ? depth : null,
            cancellationToken);
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, entries);
            return 0;
        }

        var table = new TextTable().Add("TYPE", "SIZE", "NAME");
        foreach (var entry in entries)
        {
            table.Add(entry.IsDir == true ? "d" : "-", (entry.Size ?? 0).ToString(CultureInfo.InvariantCulture), entry.Name ?? "");
        }

        await context.Out.WriteAsync(table.ToString());
        return 0;
    }
}
