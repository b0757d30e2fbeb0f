using System.Globalization;
using System.Text;
using Sockt.Emulator.Billing;
using Sockt.Emulator.Executions;
using Sockt.Emulator.Sandboxes;
using static Sockt.Emulator.Dashboard.DashboardHtml;

namespace Sockt.Emulator.Dashboard;

/// <summary>
/// The live part of the dashboard (<c>GET /dashboard/sandboxes</c>, refreshed by dashboard.js): every sandbox that
/// is not terminated, newest first, with its state, tier, billing, balance and consumption, the pending invoice with
/// its QR code and a Pay button, its latest executions with their output, and the buttons its state allows. Neither
/// an API key nor a sandbox token is ever written.
/// </summary>
internal static class SandboxListHtml
{
    public const int ExecutionsShown = 5;

    private const int CommandCharactersShown = 200;

    public static string Render(SandboxManager sandboxes, ExecutionManager executions, DashboardSession session)
    {
        var shown = sandboxes.List()
            .Where(entry => entry.Status != SandboxState.Terminated)
            .OrderByDescending(entry => entry.Sandbox.CreatedAt)
            .ToList();
        if (shown.Count == 0)
        {
            return "<p class=\"empty\">No sandboxes. Create one with the SDK, <code>sockt create</code> or the API; it appears here.</p>";
        }

        var html = new StringBuilder();
        foreach (var (sandbox, _) in shown)
        {
            Sandbox(html, sandboxes.Report(sandbox), executions.Latest(sandbox, ExecutionsShown), session.CsrfToken);
        }

        return html.ToString();
    }

    private static void Sandbox(StringBuilder html, SandboxReport report, IReadOnlyList<Execution> latest, string csrf)
    {
        var sandbox = report.Sandbox;
        var id = Encode(sandbox.Id);
        var lightning = sandbox.Billing == BillingMethod.Lightning;
        html.Append(CultureInfo.InvariantCulture, $"""
            <article class="sandbox" id="sandbox-{id}" data-sandbox-id="{id}" data-state="{Encode(report.Status)}">
              <header><h2>{id}</h2> <span class="state state-{Encode(report.Status)}">{Encode(report.Status.Replace('_', ' '))}</span>{(sandbox.Label is null ? "" : $" <span class=\"label\">{Encode(sandbox.Label)}</span>")}</header>
              <dl>
                <dt>Tier</dt><dd class="tier">{Encode(sandbox.Tier.Name)}</dd>
                <dt>Billing</dt><dd class="billing">{(lightning ? "lightning" : "credits")}</dd>
                {Balance(report)}
                <dt>Consumed</dt><dd class="consumed">{Encode(lightning ? Sats(report.ConsumedMsats) : Dollars(sandbox.MeteredSeconds * sandbox.Tier.UsdCentsPerSecond))}</dd>
                <dt>Left</dt><dd class="remaining">{Encode(report.SecondsRemaining is { } seconds && report.Status != SandboxState.AwaitingPayment ? seconds.ToString("#,0", CultureInfo.InvariantCulture) + " s" : "-")}</dd>
                <dt>Created</dt><dd class="created">{Encode(sandbox.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))}</dd>
              </dl>
            """);
        if (report.PendingInvoice is { Paid: false } invoice)
        {
            Invoice(html, sandbox, invoice, csrf);
        }

        html.Append("<div class=\"actions\">");
        switch (report.Status)
        {
            case SandboxState.Running:
                html.Append(CultureInfo.InvariantCulture, $"<button type=\"button\" class=\"open-terminal\" data-terminal=\"{id}\">Terminal</button>");
                Action(html, sandbox, "pause", "Pause", csrf);
                break;
            case SandboxState.Paused:
                Action(html, sandbox, "resume", "Resume", csrf);
                break;
        }

        Action(html, sandbox, "terminate", "Terminate", csrf);
        html.Append("</div>");
        Executions(html, latest);
        html.Append("</article>\n");
    }

    // Lightning: the sats left of what was paid. Credits: the allocation pays first, then the owner's account, and
    // seconds left are computed from both, so the balance shown is both together, next to its two parts.
    private static string Balance(SandboxReport report) => report.Credits is { } credits
        ? $"""<dt>Allocation</dt><dd class="allocation">{Encode(DollarsOfMicroCents(credits.AllocationMicroCents))}</dd><dt>Account credits</dt><dd class="account">{Encode(DollarsOfMicroCents(credits.AccountMicroCents))}</dd><dt>Balance</dt><dd class="balance" title="allocation + account credits: what seconds left are computed from">{Encode(DollarsOfMicroCents(credits.TotalMicroCents))}</dd>"""
        : $"""<dt>Balance</dt><dd class="balance">{Encode(Sats(report.PrepaidBalanceMsats ?? 0))}</dd>""";

    private static void Invoice(StringBuilder html, Sandbox sandbox, LightningInvoice invoice, string csrf)
    {
        var hash = Encode(invoice.PaymentHash);
        html.Append(CultureInfo.InvariantCulture, $"""
            <div class="invoice" data-payment-hash="{hash}">
              <img class="qr" src="/dashboard/sandboxes/{Encode(sandbox.Id)}/invoice.svg?payment_hash={hash}" width="180" height="180" alt="QR code of the Lightning invoice">
              <div>
                <p>{(invoice.IsTopUp ? "Top-up invoice" : "Invoice")}: <strong>{Encode(Sats(invoice.AmountMsats))}</strong>, expires {Encode(invoice.ExpiresAt.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture))}</p>
                <code class="bolt11">{Encode(invoice.Bolt11)}</code>
            """);
        Action(html, sandbox, "pay", "Pay (emulated wallet)", csrf);
        html.Append("</div></div>");
    }

    private static void Action(StringBuilder html, Sandbox sandbox, string action, string label, string csrf) =>
        html.Append(CultureInfo.InvariantCulture, $"""<form method="post" action="/dashboard/sandboxes/{Encode(sandbox.Id)}/{action}" data-action><input type="hidden" name="csrf" value="{Encode(csrf)}"><button type="submit" class="{action}">{Encode(label)}</button></form>""");

    private static void Executions(StringBuilder html, IReadOnlyList<Execution> latest)
    {
        if (latest.Count == 0)
        {
            return;
        }

        html.Append("<ol class=\"executions\">");
        foreach (var execution in latest)
        {
            var command = execution.Command.Length <= CommandCharactersShown ? execution.Command : execution.Command[..CommandCharactersShown] + "…";
            var outcome = execution.Status == "running" ? "running" : execution.Status + (execution.ExitCode is { } code ? " (exit " + code.ToString(CultureInfo.InvariantCulture) + ")" : "");
            html.Append(CultureInfo.InvariantCulture, $"""<li class="execution" data-execution-id="{Encode(execution.Id)}"><code class="command">{Encode(command)}</code> <span class="outcome">{Encode(outcome)}</span><pre class="output">{Encode(execution.OutputTail)}</pre></li>""");
        }

        html.Append("</ol>");
    }

    private static string Sats(long msats) => (msats / 1000.0).ToString("#,0.###", CultureInfo.InvariantCulture) + " sats";

    private static string Dollars(double cents) => "$" + (cents / 100).ToString("#,0.0000", CultureInfo.InvariantCulture);

    private static string DollarsOfMicroCents(double microCents) => Dollars(microCents / BillingLedger.MicroCentsPerCent);
}
