using System.CommandLine;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt files read &lt;id&gt; &lt;remote&gt; [--encoding utf8|base64] [--max-bytes n]</c>: the file on stdout, byte for
/// byte (binary safe when redirected); with <c>--encoding base64</c>, as base64 text.
/// </summary>
internal sealed class FilesReadCommand : SocktCommand
{
    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();
    private readonly Argument<string> remotePath = new("remote-path") { Description = "Path in the sandbox (relative to /home/sandbox works)" };
    private readonly Option<string> encoding = CommonArguments.Encoding();
    private readonly Option<long?> maxBytes = new("--max-bytes") { Description = "Maximum bytes to read" };

    public FilesReadCommand()
        : base("read", "Read a file from the sandbox")
    {
        Arguments.Add(sandboxId);
        Arguments.Add(remotePath);
        Options.Add(encoding);
        Options.Add(maxBytes);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var remote = parse.GetRequiredValue(remotePath);
        var limit = parse.GetValue(maxBytes) is > 0 and var max ? max : (long?)null;
        var wanted = parse.GetRequiredValue(encoding);
        var sandbox = await context.GetRunningSandboxAsync(parse.GetRequiredValue(sandboxId), cancellationToken);
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, await sandbox.ReadFileDetailedAsync(remote, wanted, limit, cancellationToken));
        }
        else if (wanted == "base64")
        {
            await context.Out.WriteAsync(await sandbox.ReadFileAsync(remote, "base64", limit, cancellationToken));
        }
        else
        {
            // The bytes themselves: text reads the same, and binary files survive `> file`.
            await using var stdout = Console.OpenStandardOutput();
            await sandbox.ReadFileToStreamAsync(remote, stdout, limit, cancellationToken);
        }

        return 0;
    }
}
