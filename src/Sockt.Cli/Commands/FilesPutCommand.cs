using Sockt.Models;
using System.CommandLine;
using Sockt.Cli.Files;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt files put &lt;id&gt; &lt;local&gt; &lt;remote&gt;</c>: uploads a file, or a directory with everything under it,
/// streaming each file from disk.
/// </summary>
internal sealed class FilesPutCommand : SocktCommand
{
    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();
    private readonly Argument<string> localPath = new("local") { Description = "Local file or directory" };
    private readonly Argument<string> remotePath = new("remote") { Description = "Where it goes in the sandbox" };

    public FilesPutCommand()
        : base("put", "Upload a local file or directory (recursively) to the sandbox")
    {
        Arguments.Add(sandboxId);
        Arguments.Add(localPath);
        Arguments.Add(remotePath);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var local = parse.GetRequiredValue(localPath);
        var remote = parse.GetRequiredValue(remotePath);
        var files = FileTree.LocalFiles(local, remote);
        var sandbox = await context.GetRunningSandboxAsync(parse.GetRequiredValue(sandboxId), cancellationToken);

        var written = new List<FileWritten>();
        await TransferProgress.RunAsync(context, "Uploading " + local, files.Sum(f => new FileInfo(f.Local).Length), async advance =>
        {
            foreach (var (source, target) in files)
            {
                await using var input = new ProgressStream(File.OpenRead(source), advance);
                written.Add(await sandbox.WriteFileAsync(target, input, cancellationToken: cancellationToken));
                if (!context.Json)
                {
                    await context.Error.WriteLineAsync($"Written {target} ({written[^1].BytesWritten ?? new FileInfo(source).Length} bytes)");
                }
            }
        });

        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, written);
        }

        return 0;
    }
}
