using Sockt.Cli.Infrastructure;


namespace Sockt.Cli.Commands;

/// <summary><c>sockt sandbox pause &lt;id&gt;</c>: stops compute billing until resumed.</summary>
internal sealed class SandboxPauseCommand : SocktCommand
{
    private readonly System.CommandLine.Argument<string> sandboxId = CommonArguments.SandboxId();

    public SandboxPauseCommand()
        : base("pause", "Pause a running sandbox")
    {
        Arguments.Add(sandboxId);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var id = context.ParseResult.GetRequiredValue(sandboxId);
        var sandbox = await context.Client.GetSandboxAsync(id, cancellationToken);
        await sandbox.PauseAsync(cancellationToken);
        await StateChange.WriteAsync(context, id, sandbox.Status?.ToString(), "paused");
        return 0;
    }
}
