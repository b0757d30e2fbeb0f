using Sockt.Models;
using System.CommandLine;
using Sockt.Cli.Files;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt files write &lt;id&gt; &lt;remote&gt; [--file/-f local] [--encoding utf8|base64]</c>: uploads a local file or
/// stdin. The bytes go as they are (binary safe); with <c>--encoding base64</c> the input is base64 text.
/// </summary>
internal sealed class FilesWriteCommand : SocktCommand
{
    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();
    private readonly Argument<string> remotePath = new("remote-path") { Description = "Path in the sandbox (relative to /home/sandbox, or absolute under it)" };
    private readonly Option<string?> file = new("--file", "-f") { Description = "Local file to upload (reads stdin if not set)" };
    private readonly Option<string> encoding = CommonArguments.Encoding();

    public FilesWriteCommand()
        : base("write", "Write a file to the sandbox")
    {
        Arguments.Add(sandboxId);
        Arguments.Add(remotePath);
        Options.Add(file);
        Options.Add(encoding);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var remote = parse.GetRequiredValue(remotePath);
        var local = parse.GetValue(file);
        // Open the input before any request, so a missing local file fails fast.
        await using var input = string.IsNullOrEmpty(local) ? Console.OpenStandardInput() : File.OpenRead(local);
        var sandbox = await context.GetRunningSandboxAsync(parse.GetRequiredValue(sandboxId), cancellationToken);

        FileWritten written;
        long sent = 0;
        if (parse.GetRequiredValue(encoding) == "base64")
        {
            using var reader = new StreamReader(input);
            var text = await reader.ReadToEndAsync(cancellationToken);
            sent = text.Length;
            written = await sandbox.WriteFileAsync(remote, text.Trim(), "base64", cancellationToken: cancellationToken);
        }
        else
        {
            FileWritten? result = null;
            var total = input.CanSeek ? input.Length : 0;
            await TransferProgress.RunAsync(context, "Uploading " + remote, total, async advance =>
            {
                await using var counted = new ProgressStream(input, bytes =>
                {
                    sent += bytes;
                    advance(bytes);
                });
                result = await sandbox.WriteFileAsync(remote, counted, cancellationToken: cancellationToken);
            });
            written = result!;
        }

        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, written);
        }
        else
        {
            await context.Error.WriteLineAsync($"Written {remote} ({written.BytesWritten ?? sent} bytes)");
        }

        return 0;
    }
}
