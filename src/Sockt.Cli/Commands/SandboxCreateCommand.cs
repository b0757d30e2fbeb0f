using System.CommandLine;
using Sockt.Cli.Infrastructure;
using Sockt.Cli.Lightning;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt sandbox create</c>: prints the new sandbox's id on stdout (so <c>ID=$(sockt sandbox create --wait)</c>
/// works); the sandbox token and the Lightning invoice go to stderr.
/// </summary>
internal sealed class SandboxCreateCommand : SocktCommand
{
    private readonly Option<string> tier = new("--tier", "-t") { Description = "Sandbox tier (see sockt tiers)", DefaultValueFactory = _ => "nano" };
    private readonly Option<string> billing = new("--billing", "-b") { Description = "Billing method: credits or lightning", DefaultValueFactory = _ => "credits" };
    private readonly Option<long> prepaidSats = new("--prepaid-sats") { Description = "Prepaid satoshis (lightning billing only)" };
    private readonly Option<int> initialCredits = new("--initial-credits") { Description = "Initial credits in cents (credits billing)" };
    private readonly Option<string?> label = new("--label", "-l") { Description = "Human-readable label for the sandbox" };
    private readonly Option<bool> wait = new("--wait", "-w") { Description = "Wait until status is running and files/exec are reachable" };
    private readonly Option<bool> noQr = new("--no-qr") { Description = "Do not draw the Lightning invoice as a QR code (it is drawn only when stderr is a terminal)" };

    public SandboxCreateCommand()
        : base("create", "Create a new sandbox")
    {
        billing.AcceptOnlyFromAmong("credits", "lightning");
        Options.Add(tier);
        Options.Add(billing);
        Options.Add(prepaidSats);
        Options.Add(initialCredits);
        Options.Add(label);
        Options.Add(wait);
        Options.Add(noQr);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var sandbox = await context.Client.CreateSandboxAsync(
            parse.GetRequiredValue(tier),
            parse.GetRequiredValue(billing),
            parse.GetValue(prepaidSats) is > 0 and var sats ? sats : null,
            parse.GetValue(initialCredits) is > 0 and var cents ? cents : null,
            string.IsNullOrEmpty(parse.GetValue(label)) ? null : parse.GetValue(label),
            cancellationToken);

        if (sandbox.SandboxToken is { Length: > 0 } token && sandbox.BillingMethod == "lightning")
        {
            // Shown on purpose, as the official CLI does: the user needs it for every later command.
            await context.Error.WriteLineAsync("Sandbox token: " + token);
        }

        if (sandbox.PendingInvoice?.Bolt11 is { Length: > 0 } bolt11)
        {
            await context.Error.WriteLineAsync("Payment required. Invoice:");
            if (context.IsErrorTerminal && !parse.GetValue(noQr))
            {
                await context.Error.WriteAsync(InvoiceQrCode.Render(bolt11));
            }

            await context.Error.WriteLineAsync(bolt11);
        }

        if (parse.GetValue(wait))
        {
            await ReadinessWait.RunAsync(context, sandbox, cancellationToken);
        }

        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, sandbox.LastStatus ?? await sandbox.RefreshStatusAsync(cancellationToken));
        }
        else
        {
            await context.Out.WriteLineAsync(sandbox.Id);
        }

        return 0;
    }
}
