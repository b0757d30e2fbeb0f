using Sockt.Models;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Billing events fire from status reads, only when the invoice or warning level changed; handlers cannot break calls.</summary>
public class EventTests
{
    private const string StatusPath = "/v1/sandboxes/sb_1";

    private static string Invoice(string hash) => $$""","pending_invoice":{"bolt11":"lnbc_{{hash}}","payment_hash":"{{hash}}","amount_msats":1000000,"expires_at":"2026-05-29T16:00:00Z"}""";

    private static string Warning(string level) => $$""","warning_level":"{{level}}","seconds_remaining":42,"prepaid_balance_msats":21000""";

    [Test]
    public async Task Pending_invoice_fires_once_per_new_payment_hash()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h1")))
            .OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h1")))
            .OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h2")))
            .OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h2")));
        var sandbox = test.Sandbox();
        var fromEvent = new List<string?>();
        var bolt11s = new List<string?>();
        sandbox.PendingInvoiceReceived += (sender, e) =>
        {
            Assert.That(sender, Is.SameAs(sandbox));
            fromEvent.Add(e.Invoice.PaymentHash);
            bolt11s.Add(e.Invoice.Bolt11);
        };

        for (var i = 0; i < 4; i++)
        {
            await sandbox.RefreshStatusAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(fromEvent, Is.EqualTo(new[] { "h1", "h2" }));
            Assert.That(bolt11s, Is.EqualTo(new[] { "lnbc_h1", "lnbc_h2" }));
            Assert.That(sandbox.PendingInvoice!.PaymentHash, Is.EqualTo("h2"));
        });
    }

    [Test]
    public async Task The_invoice_from_create_does_not_fire_again_on_the_first_status()
    {
        using var test = new TestClient(withApiKey: false);
        test.Stub.On("POST", "/v1/sandboxes", 201, """{"status":"awaiting_payment","sandbox_id":"sb_1","sandbox_token":"sbx_t1234","invoice":"lnbc_h1","payment_hash":"h1","amount_msats":1000000}""")
            .OnJson("GET", StatusPath, Json.Status("awaiting_payment", extra: Invoice("h1")))
            .OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h2")));
        var sandbox = await test.Client.CreateSandboxAsync("nano", BillingMethod.Lightning, prepaidSats: 1000);
        var hashes = new List<string?>();
        sandbox.PendingInvoiceReceived += (_, e) => hashes.Add(e.Invoice.PaymentHash);

        await sandbox.RefreshStatusAsync();
        await sandbox.RefreshStatusAsync();

        Assert.That(hashes, Is.EqualTo(new[] { "h2" }));
    }

    [Test]
    public async Task Warning_events_fire_on_level_transitions_only()
    {
        using var test = new TestClient();
        foreach (var level in new[] { "ok", "low_balance", "low_balance", "out_of_balance", "out_of_balance", "ok", "low_balance" })
        {
            test.Stub.OnJson("GET", StatusPath, Json.Status("running", extra: Warning(level)));
        }

        var sandbox = test.Sandbox();
        var low = new List<BillingWarning>();
        var outOf = new List<BillingWarning>();
        var byName = new List<WarningLevel>();
        sandbox.LowBalance += (_, e) =>
        {
            low.Add(e.Warning);
            byName.Add(e.Warning.WarningLevel);
        };
        sandbox.OutOfBalance += (_, e) =>
        {
            outOf.Add(e.Warning);
            byName.Add(e.Warning.WarningLevel);
        };

        for (var i = 0; i < 7; i++)
        {
            await sandbox.RefreshStatusAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(low, Has.Count.EqualTo(2));
            Assert.That(outOf, Has.Count.EqualTo(1));
            Assert.That(byName, Is.EqualTo(new[] { WarningLevel.LowBalance, WarningLevel.OutOfBalance, WarningLevel.LowBalance }));
            Assert.That(low[0].TimeRemaining, Is.EqualTo(TimeSpan.FromSeconds(42)));
            Assert.That(low[0].PrepaidBalanceMsats, Is.EqualTo(21000));
            Assert.That(low[0].Status, Is.EqualTo(SandboxState.Running));
        });
    }

    [Test]
    public async Task An_unsubscribed_handler_is_not_called_again()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h1")))
            .OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h2")));
        var sandbox = test.Sandbox();
        var calls = 0;
        EventHandler<PendingInvoiceEventArgs> handler = (_, _) => calls++;
        sandbox.PendingInvoiceReceived += handler;
        await sandbox.RefreshStatusAsync();

        sandbox.PendingInvoiceReceived -= handler;
        await sandbox.RefreshStatusAsync();

        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public async Task A_throwing_handler_is_logged_and_the_call_succeeds()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h1") + Warning("low_balance")));
        var sandbox = test.Sandbox();
        var later = 0;
        sandbox.PendingInvoiceReceived += (_, _) => throw new InvalidOperationException("handler bug");
        sandbox.PendingInvoiceReceived += (_, _) => later++;
        sandbox.LowBalance += (_, _) => throw new InvalidOperationException("another bug");

        var status = await sandbox.RefreshStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(later, Is.EqualTo(1), "handlers after the throwing one still run");
            Assert.That(test.Logs.GetSnapshot().Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("handler")), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Wait_until_running_fires_events_too()
    {
        using var test = new TestClient(o => o.DataPlaneProbe = false);
        test.Stub.OnJson("GET", StatusPath, Json.Status("starting", extra: Warning("low_balance")))
            .OnJson("GET", StatusPath, Json.Status("running", extra: Warning("low_balance")));
        var sandbox = test.Sandbox();
        var low = 0;
        sandbox.LowBalance += (_, _) => low++;

        await sandbox.WaitUntilRunningAsync();

        Assert.That(low, Is.EqualTo(1));
    }
}
