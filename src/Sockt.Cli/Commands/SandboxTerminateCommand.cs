using System.CommandLine;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt sandbox terminate &lt;id&gt; [--lightning-address a@b]</c>: ends a sandbox for good.</summary>
internal sealed class SandboxTerminateCommand : SocktCommand
{
    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();

    private readonly Option<string?> lightningAddress = new("--lightning-address")
    {
        Description = "Lightning address that receives the refund of the unused prepaid balance (Lightning billing)",
    };

    public SandboxTerminateCommand()
        : base("terminate", "Terminate a sandbox")
    {
        Arguments.Add(sandboxId);
        Options.Add(lightningAddress);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var id = context.ParseResult.GetRequiredValue(sandboxId);
        var sandbox = await context.Client.GetSandboxAsync(id, cancellationToken);
        var result = await sandbox.TerminateAsync(context.ParseResult.GetValue(lightningAddress), cancellationToken);
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, result);
            return 0;
        }

        await context.Out.WriteLineAsync($"Sandbox {id} terminated");
        if (result.Refund is { } refund && !string.IsNullOrEmpty(refund.Status))
        {
            var amount = refund.AmountSats is { } sats ? $"{sats} sats" : refund.AmountCents is { } cents ? $"{cents} cents" : "";
            await context.Error.WriteLineAsync($"Refund: {refund.Status} {amount}{(string.IsNullOrEmpty(refund.Address) ? "" : " to " + refund.Address)}".TrimEnd());
        }

        return 0;
    }
}
