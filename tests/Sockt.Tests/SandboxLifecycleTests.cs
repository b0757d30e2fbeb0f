using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Both create shapes become one Sandbox; status mapping; pause/resume/terminate.</summary>
public class SandboxLifecycleTests
{
    [Test]
    public async Task Lightning_create_shape_populates_the_sandbox_and_its_invoice()
    {
        using var test = new TestClient(withApiKey: false);
        test.Stub.On("POST", "/v1/sandboxes", 201, """
            {"status":"awaiting_payment","sandbox_id":"sb_9f8a3d2e1c0b","sandbox_token":"sbx_a1b2c3d4e5f6g7h8","billing_method":"lightning",
             "tier":"nano","runtime":"cpu","invoice":"lnbc50u1p1z","payment_hash":"a1b2c3","amount_msats":5000000,"amount_sats":5000,
             "msats_per_second":500,"prepaid_seconds":10000,"expires_at":"2026-05-29T16:00:00Z"}
            """);

        var sandbox = await test.Client.CreateSandboxAsync("nano", BillingMethod.Lightning, prepaidSats: 5000, label: "eval");

        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Id, Is.EqualTo("sb_9f8a3d2e1c0b"));
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.AwaitingPayment));
            Assert.That(sandbox.BillingMethod, Is.EqualTo(BillingMethod.Lightning));
            Assert.That(sandbox.Tier, Is.EqualTo("nano"));
            Assert.That(sandbox.PendingInvoice!.Bolt11, Is.EqualTo("lnbc50u1p1z"));
            Assert.That(sandbox.PendingInvoice.PaymentHash, Is.EqualTo("a1b2c3"));
            Assert.That(sandbox.PendingInvoice.AmountMsats, Is.EqualTo(5_000_000));
            Assert.That(sandbox.PendingInvoice.ExpiresAt, Is.EqualTo(new DateTimeOffset(2026, 5, 29, 16, 0, 0, TimeSpan.Zero)));
            Assert.That(sandbox.SandboxToken, Is.EqualTo("sbx_a1b2c3d4e5f6g7h8"));
            Assert.That(test.Stub.Requests.Single().Body, Is.EqualTo("""{"tier":"nano","billing_method":"lightning","prepaid_sats":5000,"label":"eval"}"""));
        });
    }

    [Test]
    public async Task Lightning_create_with_an_invoice_object_prefers_it()
    {
        using var test = new TestClient(withApiKey: false);
        test.Stub.On("POST", "/v1/sandboxes", 201, """{"status":"awaiting_payment","sandbox_id":"sb_1","sandbox_token":"sbx_t1234","pending_invoice":{"bolt11":"lnbc_obj","payment_hash":"h"},"invoice":"lnbc_flat"}""");

        var sandbox = await test.Client.CreateSandboxAsync(new CreateSandboxOptions("nano") { BillingMethod = BillingMethod.Lightning, PrepaidSats = 100 });

        Assert.That(sandbox.PendingInvoice!.Bolt11, Is.EqualTo("lnbc_obj"));
    }

    [Test]
    public async Task Credits_create_shape_in_pascal_case_becomes_the_same_sandbox()
    {
        using var test = new TestClient();
        test.Stub.On("POST", "/v1/sandboxes", 201, """{"ID":"sb_9f8a3d2e1c0b","Status":"pending","BillingMethod":"credits","Tier":"nano","Template":"sockt-nano","Runtime":"runpod_cpu","PrepaidBalanceSubcents":1000000,"UserID":"usr_abc123"}""");

        var sandbox = await test.Client.CreateSandboxAsync("nano", BillingMethod.Credits, initialCreditsCents: 100);

        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Id, Is.EqualTo("sb_9f8a3d2e1c0b"));
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Pending));
            Assert.That(sandbox.BillingMethod, Is.EqualTo(BillingMethod.Credits));
            Assert.That(sandbox.PendingInvoice, Is.Null);
            Assert.That(sandbox.SandboxToken, Is.Null);
            Assert.That(test.Stub.Requests.Single().Authorization, Is.EqualTo("Bearer " + TestClient.ApiKey));
        });
    }

    [Test]
    public async Task Create_response_without_an_id_is_an_api_exception()
    {
        using var test = new TestClient();
        test.Stub.On("POST", "/v1/sandboxes", 201, """{"Status":"pending"}""");

        await Assert.ThrowsAsync<ApiException>(() => test.Client.CreateSandboxAsync("nano"));
    }

    [Test]
    public async Task Status_maps_every_field_and_keeps_the_raw_json()
    {
        using var test = new TestClient();
        const string body = """
            {"sandbox_id":"sb_1","status":"running","tier":"small","runtime":"cpu","billing_method":"lightning","template":"t",
             "consumed_msats":7,"msats_per_second":2500,"sats_per_second":2.5,"prepaid_balance_msats":4500000,"seconds_remaining":9000,
             "warning_level":"ok","next_poll_secs":15,"metrics_stale":false,"runtime_consumed_total":500000,"brand_new_field":1}
            """;
        test.Stub.OnJson("GET", "/v1/sandboxes/sb_1", body);

        var sandbox = await test.Client.GetSandboxAsync("sb_1");
        var status = sandbox.LastStatus!;

        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(sandbox.Tier, Is.EqualTo("small"));
            Assert.That(sandbox.BillingMethod, Is.EqualTo(BillingMethod.Lightning));
            Assert.That(status.SandboxId, Is.EqualTo("sb_1"));
            Assert.That(status.ConsumedMsats, Is.EqualTo(7));
            Assert.That(status.MsatsPerSecond, Is.EqualTo(2500));
            Assert.That(status.SatsPerSecond, Is.EqualTo(2.5));
            Assert.That(status.PrepaidBalanceMsats, Is.EqualTo(4_500_000));
            Assert.That(status.TimeRemaining, Is.EqualTo(TimeSpan.FromSeconds(9000)));
            Assert.That(status.WarningLevel, Is.EqualTo(WarningLevel.Ok));
            Assert.That(status.NextPollInterval, Is.EqualTo(TimeSpan.FromSeconds(15)));
            Assert.That(status.MetricsStale, Is.False);
            Assert.That(status.RuntimeConsumedTotal, Is.EqualTo(500000));
            Assert.That(status.RawJson, Is.EqualTo(body));
        });
    }

    [Test]
    public async Task Pascal_case_status_is_read_case_insensitively()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", "/v1/sandboxes/sb_1", """{"ID":"sb_1","Status":"paused","Tier":"nano"}""");

        var sandbox = await test.Client.GetSandboxAsync("sb_1");

        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Paused));
            Assert.That(sandbox.LastStatus!.SandboxId, Is.EqualTo("sb_1"));
        });
    }

    [Test]
    public async Task Paid_invoice_disappears_from_the_sandbox()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", "/v1/sandboxes/sb_1", Json.Status("awaiting_payment", extra: ""","invoice":"lnbc_flat" """))
            .OnJson("GET", "/v1/sandboxes/sb_1", Json.Status("running"));
        var sandbox = test.Sandbox();

        await sandbox.RefreshStatusAsync();
        var before = sandbox.PendingInvoice?.Bolt11;
        await sandbox.RefreshStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo("lnbc_flat"));
            Assert.That(sandbox.PendingInvoice, Is.Null);
        });
    }

    [Test]
    public async Task Pause_resume_and_terminate_update_the_status()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", "/v1/sandboxes/sb_1/pause", """{"sandbox_id":"sb_1","status":"paused"}""")
            .OnJson("POST", "/v1/sandboxes/sb_1/resume", """{"sandbox_id":"sb_1","status":"running"}""")
            .OnJson("DELETE", "/v1/sandboxes/sb_1", """{"sandbox_id":"sb_1","status":"terminated","consumed_msats_total":1250000,"terminated_at":"2026-05-29T10:15:30Z","refund":{"status":"sent","amount_sats":3750,"address":"agent@wallet.example"}}""");
        var sandbox = test.Sandbox();

        await sandbox.PauseAsync();
        var paused = sandbox.Status;
        await sandbox.ResumeAsync();
        var resumed = sandbox.Status;
        var result = await sandbox.TerminateAsync("agent@wallet.example");

        var requests = test.Stub.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(paused, Is.EqualTo(SandboxState.Paused));
            Assert.That(resumed, Is.EqualTo(SandboxState.Running));
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Terminated));
            Assert.That(result.Refund!.AmountSats, Is.EqualTo(3750));
            Assert.That(result.Refund.Address, Is.EqualTo("agent@wallet.example"));
            Assert.That(result.ConsumedMsatsTotal, Is.EqualTo(1_250_000));
            Assert.That(requests[0].Body, Is.Null.Or.Empty, "pause sends no body");
            Assert.That(requests[1].Body, Is.Null.Or.Empty, "resume sends no body");
            Assert.That(requests[2].Body, Is.EqualTo("""{"lightning_address":"agent@wallet.example"}"""));
        });
    }

    [Test]
    public async Task Terminate_without_address_sends_no_body()
    {
        using var test = new TestClient();
        test.Stub.OnJson("DELETE", "/v1/sandboxes/sb_1", """{"sandbox_id":"sb_1","status":"terminated","refund":{"status":"credited","amount_cents":85}}""");

        var result = await test.Sandbox().TerminateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Refund!.AmountCents, Is.EqualTo(85));
            Assert.That(test.Stub.Requests.Single().Body, Is.Null.Or.Empty);
        });
    }

    [Test]
    public async Task Empty_success_bodies_are_tolerated()
    {
        using var test = new TestClient();
        test.Stub.On("POST", "/v1/sandboxes/sb_1/pause", 200, string.Empty)
            .On("DELETE", "/v1/executions/exec_1", 204, string.Empty)
            .On("DELETE", "/v1/sandboxes/sb_1", 200, string.Empty);
        var sandbox = test.Sandbox();

        await sandbox.PauseAsync();
        var paused = sandbox.Status;
        await sandbox.CancelExecutionAsync("exec_1");
        var result = await sandbox.TerminateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(paused, Is.EqualTo(SandboxState.Paused));
            Assert.That(result.Status, Is.EqualTo(SandboxState.Terminated));
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Terminated));
        });
    }
}
