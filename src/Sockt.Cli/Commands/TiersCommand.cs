using System.Globalization;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt tiers</c>: the tiers and their prices (no credential needed).</summary>
internal sealed class TiersCommand : SocktCommand
{
    public TiersCommand()
        : base("tiers", "List available sandbox tiers and pricing")
    {
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var tiers = await context.Client.ListTiersAsync(cancellationToken);
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, tiers);
            return 0;
        }

        var table = new TextTable().Add("TIER", "SATS/SEC", "USD/HOUR", "SATS/HOUR", "SATS/DAY");
        foreach (var tier in tiers)
        {
            // As the official README shows them (its code prints USD/HOUR as $%.4f; the README is the reference).
            table.Add(
                tier.Name,
                Format("{0:F2}", tier.SatsPerSecond),
                Format("{0:F2}", tier.CostPerHourUsd),
                Format("{0:F0}", tier.CostPerHourSats),
                Format("{0:F0}", tier.CostPerDaySats));
        }

        await context.Out.WriteAsync(table.ToString());
        return 0;
    }

    private static string Format(string format, double value) => string.Format(CultureInfo.InvariantCulture, format, value);
}
