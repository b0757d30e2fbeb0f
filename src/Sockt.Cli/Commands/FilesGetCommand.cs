using System.CommandLine;
using Sockt.Cli.Files;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt files get &lt;id&gt; &lt;remote&gt; &lt;local&gt;</c>: downloads a file, or a directory with everything under
/// it (walked with the list endpoint), streaming each file to disk.
/// </summary>
internal sealed class FilesGetCommand : SocktCommand
{
    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();
    private readonly Argument<string> remotePath = new("remote") { Description = "File or directory in the sandbox" };
    private readonly Argument<string> localPath = new("local") { Description = "Where it goes on this machine" };

    public FilesGetCommand()
        : base("get", "Download a file or directory (recursively) from the sandbox")
    {
        Arguments.Add(sandboxId);
        Arguments.Add(remotePath);
        Arguments.Add(localPath);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var remote = parse.GetRequiredValue(remotePath);
        var local = parse.GetRequiredValue(localPath);
        var sandbox = await context.GetRunningSandboxAsync(parse.GetRequiredValue(sandboxId), cancellationToken);
        var files = await FileTree.RemoteFilesAsync(sandbox, remote, local, cancellationToken);

        await TransferProgress.RunAsync(context, "Downloading " + remote, files.Sum(f => f.Size), async advance =>
        {
            foreach (var file in files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file.Local))!);
                await using var output = new ProgressStream(File.Create(file.Local), advance);
                await sandbox.ReadFileToStreamAsync(file.Remote, output, cancellationToken: cancellationToken);
                if (!context.Json)
                {
                    await context.Error.WriteLineAsync($"Read {file.Remote} -> {file.Local} ({new FileInfo(file.Local).Length} bytes)");
                }
            }
        });

        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, files.Select(f => new { remote = f.Remote, local = f.Local, size = new FileInfo(f.Local).Length }));
        }

        return 0;
    }
}
