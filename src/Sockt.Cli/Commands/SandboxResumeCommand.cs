using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt sandbox resume &lt;id&gt;</c>: resumes a paused sandbox.</summary>
internal sealed class SandboxResumeCommand : SocktCommand
{
    private readonly System.CommandLine.Argument<string> sandboxId = CommonArguments.SandboxId();

    public SandboxResumeCommand()
        : base("resume", "Resume a paused sandbox")
    {
        Arguments.Add(sandboxId);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var id = context.ParseResult.GetRequiredValue(sandboxId);
        var sandbox = await context.Client.GetSandboxAsync(id, cancellationToken);
        await sandbox.ResumeAsync(cancellationToken);
        await StateChange.WriteAsync(context, id, sandbox.Status?.ToString(), "resumed");
        return 0;
    }
}
