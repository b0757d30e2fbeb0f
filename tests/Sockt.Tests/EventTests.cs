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
        var fromOn = new List<object>();
        sandbox.PendingInvoiceReceived += (sender, e) =>
        {
            Assert.That(sender, Is.SameAs(sandbox));
            fromEvent.Add(e.Invoice.PaymentHash);
        };
        sandbox.On(SandboxEvents.PendingInvoice, fromOn.Add);

        for (var i = 0; i < 4; i++)
        {
            await sandbox.RefreshStatusAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(fromEvent, Is.EqualTo(new[] { "h1", "h2" }));
            Assert.That(fromOn.Cast<PendingInvoice>().Select(i => i.Bolt11), Is.EqualTo(new[] { "lnbc_h1", "lnbc_h2" }));
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
        var sandbox = await test.Client.CreateSandboxAsync("nano", BillingMethods.Lightning, prepaidSats: 1000);
        var hashes = new List<string?>();
        sandbox.On<PendingInvoice>(SandboxEvents.PendingInvoice, i => hashes.Add(i.PaymentHash));

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
        var byName = new List<string>();
        sandbox.LowBalance += (_, e) => low.Add(e.Warning);
        sandbox.OutOfBalance += (_, e) => outOf.Add(e.Warning);
        sandbox.On<BillingWarning>(SandboxEvents.LowBalance, w => byName.Add(w.WarningLevel));
        sandbox.On<BillingWarning>(SandboxEvents.OutOfBalance, w => byName.Add(w.WarningLevel));

        for (var i = 0; i < 7; i++)
        {
            await sandbox.RefreshStatusAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(low, Has.Count.EqualTo(2));
            Assert.That(outOf, Has.Count.EqualTo(1));
            Assert.That(byName, Is.EqualTo(new[] { "low_balance", "out_of_balance", "low_balance" }));
            Assert.That(low[0].SecondsRemaining, Is.EqualTo(42));
            Assert.That(low[0].PrepaidBalanceMsats, Is.EqualTo(21000));
            Assert.That(low[0].Status, Is.EqualTo("running"));
        });
    }

    [Test]
    public async Task Off_removes_a_callback()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h1")))
            .OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h2")));
        var sandbox = test.Sandbox();
        var calls = 0;
        Action<object> callback = _ => calls++;
        sandbox.On(SandboxEvents.PendingInvoice, callback);
        await sandbox.RefreshStatusAsync();

        var removed = sandbox.Off(SandboxEvents.PendingInvoice, callback);
        await sandbox.RefreshStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.True);
            Assert.That(calls, Is.EqualTo(1));
            Assert.That(sandbox.Off(SandboxEvents.PendingInvoice, callback), Is.False);
        });
    }

    [Test]
    public async Task A_throwing_handler_is_logged_and_the_call_succeeds()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", StatusPath, Json.Status("running", extra: Invoice("h1") + Warning("low_balance")));
        var sandbox = test.Sandbox();
        var later = 0;
        sandbox.PendingInvoiceReceived += (_, _) => throw new InvalidOperationException("handler bug");
        sandbox.On(SandboxEvents.PendingInvoice, _ => later++);
        sandbox.On(SandboxEvents.LowBalance, _ => throw new InvalidOperationException("another bug"));

        var status = await sandbox.RefreshStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Status, Is.EqualTo("running"));
            Assert.That(later, Is.EqualTo(1), "handlers after the throwing one still run");
            Assert.That(test.Logs.Entries.Count(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Text.Contains("handler")), Is.EqualTo(2));
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

    [Test]
    public void Unknown_event_names_and_wrong_payload_types_are_rejected()
    {
        using var test = new TestClient();
        var sandbox = test.Sandbox();

        Assert.Multiple(() =>
        {
            Assert.That(() => sandbox.On("balance_low", _ => { }), Throws.ArgumentException.With.Property("ParamName").EqualTo("eventName"));
            Assert.That(() => sandbox.On<BillingWarning>(SandboxEvents.PendingInvoice, _ => { }), Throws.ArgumentException.With.Property("ParamName").EqualTo("callback"));
            Assert.That(() => sandbox.On(SandboxEvents.LowBalance, (Action<object>)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("callback"));
            Assert.That(() => sandbox.On<object>(SandboxEvents.LowBalance, _ => { }), Throws.Nothing);
        });
    }
}
