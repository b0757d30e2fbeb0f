using System.CommandLine;
using System.Globalization;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt sandbox status &lt;id&gt;</c>: state, tier, billing and balance.</summary>
internal sealed class SandboxStatusCommand : SocktCommand
{
    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();

    public SandboxStatusCommand()
        : base("status", "Get sandbox status")
    {
        Arguments.Add(sandboxId);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var sandbox = await context.Client.GetSandboxAsync(context.ParseResult.GetRequiredValue(sandboxId), cancellationToken);
        var status = sandbox.LastStatus ?? await sandbox.RefreshStatusAsync(cancellationToken);
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, status);
            return 0;
        }

        var table = new TextTable()
            .Add("ID:", status.SandboxId is { Length: > 0 } shown ? shown : sandbox.Id)
            .Add("Status:", status.Status?.ToString() ?? "")
            .Add("Tier:", status.Tier ?? "")
            .Add("Runtime:", status.Runtime ?? "")
            .Add("Billing:", status.BillingMethod?.ToString() ?? "");
        if (status.SatsPerSecond is > 0 and var rate)
        {
            table.Add("Rate:", string.Format(CultureInfo.InvariantCulture, "{0:F2} sats/sec", rate));
        }

        if (status.TimeRemaining is { } left && left > TimeSpan.Zero)
        {
            table.Add("Time remaining:", string.Format(CultureInfo.InvariantCulture, "{0}s", (long)left.TotalSeconds));
        }

        if (status.WarningLevel?.ToString() is { Length: > 0 } warning)
        {
            table.Add("Warning:", warning);
        }

        if (status.PendingInvoice?.Bolt11 is { Length: > 0 } bolt11)
        {
            table.Add("Invoice:", bolt11);
        }

        await context.Out.WriteAsync(table.ToString());
        return 0;
    }
}
