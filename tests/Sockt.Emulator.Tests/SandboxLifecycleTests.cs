using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class SandboxLifecycleTests : EmulatorTestBase
{
    [Test]
    public async Task Credits_create_answers_the_PascalCase_shape_and_becomes_running()
    {
        var created = await Api.PostAsync("/v1/sandboxes", Key, new { tier = "small", billing_method = "credits", initial_credits_cents = 250, label = "eval" });

        Assert.That(created.Code, Is.EqualTo(201));
        Assert.That(created.Str("ID"), Does.Match("^sb_[0-9a-f]{12}$"));
        Assert.Multiple(() =>
        {
            Assert.That(created.Str("Status"), Is.EqualTo("pending"));
            Assert.That(created.Str("BillingMethod"), Is.EqualTo("credits"));
            Assert.That(created.Str("Tier"), Is.EqualTo("small"));
            Assert.That(created.Str("Template"), Is.EqualTo("sockt-small"));
            Assert.That(created.Str("Runtime"), Is.EqualTo("runpod_cpu"));
            Assert.That(created.Long("PrepaidBalanceSubcents"), Is.EqualTo(25000));
            Assert.That(created.Str("UserID"), Does.StartWith("usr_"));
            Assert.That(created.Json!["sandbox_id"], Is.Null, "credits create is PascalCase only");
        });

        var status = await Api.WaitForStatusAsync(created.Str("ID"), Key, "running");
        Assert.Multiple(() =>
        {
            Assert.That(status.Str("sandbox_id"), Is.EqualTo(created.Str("ID")));
            Assert.That(status.Str("billing_method"), Is.EqualTo("credits"));
            Assert.That(status.Str("warning_level"), Is.EqualTo("ok"));
            Assert.That(status.Long("msats_per_second"), Is.EqualTo(2500));
            Assert.That(status["sats_per_second"].GetValue<double>(), Is.EqualTo(2.5));
            Assert.That(status.Json!["pending_invoice"], Is.Null);
            Assert.That(status["metrics_stale"].GetValue<bool>(), Is.False);
            Assert.That(status.Long("next_poll_secs"), Is.GreaterThan(0));
            Assert.That(status.Json!.AsObject().ContainsKey("sandbox_token"), Is.False);
        });
    }

    [Test]
    public async Task Credits_is_the_default_billing_method()
    {
        var created = await Api.PostAsync("/v1/sandboxes", Key, new { tier = "nano" });

        Assert.That(created.Code, Is.EqualTo(201));
        Assert.That(created.Str("BillingMethod"), Is.EqualTo("credits"));
    }

    [Test]
    public async Task A_booting_sandbox_refuses_data_plane_calls_with_pod_unreachable()
    {
        await using var slow = await SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.FromMinutes(5), RateLimitPerMinute = 0 });
        using var api = new EmulatorApi(slow.BaseUrl);
        var id = await api.CreateCreditsSandboxAsync(slow.ApiKey);

        var status = await api.GetAsync($"/v1/sandboxes/{id}", slow.ApiKey);
        var exec = await api.PostAsync($"/v1/sandboxes/{id}/exec", slow.ApiKey, new { command = "true" });
        var list = await api.GetAsync($"/v1/sandboxes/{id}/files?path=.", slow.ApiKey);

        Assert.That(status.Str("status"), Is.EqualTo("starting"));
        Assert.That((exec.Code, exec.ErrorCode), Is.EqualTo((400, "pod_unreachable")));
        Assert.That((list.Code, list.ErrorCode), Is.EqualTo((400, "pod_unreachable")));
    }

    [Test]
    public async Task Pause_and_resume_change_the_status_and_paused_sandboxes_refuse_work()
    {
        var id = await NewSandboxAsync();

        var paused = await Api.PostAsync($"/v1/sandboxes/{id}/pause", Key);
        var status = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        var exec = await Api.PostAsync($"/v1/sandboxes/{id}/exec", Key, new { command = "true" });
        var pausedAgain = await Api.PostAsync($"/v1/sandboxes/{id}/pause", Key);
        var resumed = await Api.PostAsync($"/v1/sandboxes/{id}/resume", Key);
        var after = await Api.RunAsync(id, Key, "echo back");

        Assert.That((paused.Code, paused.Str("status"), paused.Str("sandbox_id")), Is.EqualTo((200, "paused", id)));
        Assert.That(status.Str("status"), Is.EqualTo("paused"));
        Assert.That((exec.Code, exec.ErrorCode), Is.EqualTo((409, "sandbox_not_running")));
        Assert.That(pausedAgain.Code, Is.EqualTo(200), "pausing twice is harmless");
        Assert.That((resumed.Code, resumed.Str("status")), Is.EqualTo((200, "running")));
        Assert.That(after.Stdout, Is.EqualTo("back\n"));
    }

    [Test]
    public async Task Terminate_reports_the_credits_refund_and_the_sandbox_stays_terminated()
    {
        var id = await Api.CreateCreditsSandboxAsync(Key, "nano", initialCents: 85);

        var terminated = await Api.DeleteAsync($"/v1/sandboxes/{id}", Key);
        var status = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        var write = await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path = "x", content = "y", create_dirs = true });
        var resume = await Api.PostAsync($"/v1/sandboxes/{id}/resume", Key);
        var again = await Api.DeleteAsync($"/v1/sandboxes/{id}", Key);

        Assert.Multiple(() =>
        {
            Assert.That(terminated.Code, Is.EqualTo(200));
            Assert.That(terminated.Str("status"), Is.EqualTo("terminated"));
            Assert.That(terminated.Long("consumed_msats_total"), Is.EqualTo(0));
            Assert.That(DateTimeOffset.Parse(terminated.Str("terminated_at"), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1)));
            Assert.That(terminated["refund"]["status"]!.GetValue<string>(), Is.EqualTo("credited"));
            Assert.That(terminated["refund"]["amount_cents"]!.GetValue<long>(), Is.EqualTo(85));
            Assert.That(status.Str("status"), Is.EqualTo("terminated"));
            Assert.That((write.Code, write.ErrorCode), Is.EqualTo((409, "sandbox_not_running")));
            Assert.That(write.Text, Does.Contain("terminated"));
            Assert.That(resume.Code, Is.EqualTo(409));
            Assert.That(again.Text, Is.EqualTo(terminated.Text), "terminating twice answers the same result");
        });
    }

    [Test]
    public async Task Terminate_removes_the_home_directory()
    {
        var id = await NewSandboxAsync();
        var home = Path.Combine(Emulator.DataDirectory, "sandboxes", id, "home");
        Assert.That(Directory.Exists(home), Is.True);

        await Api.DeleteAsync($"/v1/sandboxes/{id}", Key);

        Assert.That(Directory.Exists(home), Is.False);
    }

    [Test]
    public async Task Terminate_accepts_the_optional_body_on_delete()
    {
        var id = await NewSandboxAsync();

        var terminated = await Api.DeleteAsync($"/v1/sandboxes/{id}", Key, new { lightning_address = "someone@wallet.example", sandbox_token = "" });

        Assert.That(terminated.Code, Is.EqualTo(200));
    }

    [Test]
    public async Task Unknown_sandbox_is_404_and_missing_or_bad_credentials_are_401()
    {
        var unknown = await Api.GetAsync("/v1/sandboxes/00000000-0000-0000-0000-000000000000", Key);
        var noAuth = await Api.GetAsync("/v1/sandboxes/sb_000000000000");
        var badKey = await Api.GetAsync("/v1/sandboxes/sb_000000000000", "sockt_live_00000000-0000-0000-0000-000000000000");
        var basic = await Api.SendAsync(HttpMethod.Get, "/v1/sandboxes/sb_000000000000", null, headers: new Dictionary<string, string> { ["Authorization"] = "Basic Zm9vOmJhcg==" });
        var anonymousCredits = await Api.PostAsync("/v1/sandboxes", null, new { tier = "nano" });

        Assert.That((unknown.Code, unknown.ErrorCode), Is.EqualTo((404, "not_found")));
        Assert.That((noAuth.Code, noAuth.ErrorCode), Is.EqualTo((401, "unauthorized")));
        Assert.That((badKey.Code, badKey.ErrorCode), Is.EqualTo((401, "unauthorized")));
        Assert.That((basic.Code, basic.ErrorCode), Is.EqualTo((401, "unauthorized")));
        Assert.That((anonymousCredits.Code, anonymousCredits.ErrorCode), Is.EqualTo((401, "unauthorized")));
        Assert.That(badKey.Text, Does.Not.Contain("sockt_live_0000"), "credentials are never echoed");
    }

    [Test]
    public async Task Another_credential_gets_403_on_a_sandbox_it_does_not_own()
    {
        await using var twoKeys = await SocktEmulator.StartAsync(new SocktEmulatorOptions
        {
            BootDelay = TimeSpan.Zero,
            RateLimitPerMinute = 0,
            ApiKeys = { "sockt_live_11111111-1111-1111-1111-111111111111", "sockt_live_22222222-2222-2222-2222-222222222222" },
        });
        using var api = new EmulatorApi(twoKeys.BaseUrl);
        var mine = await api.CreateCreditsSandboxAsync(twoKeys.ApiKeys[0]);
        var lightning = await api.CreateLightningSandboxAsync();

        var otherKey = await api.GetAsync($"/v1/sandboxes/{mine}", twoKeys.ApiKeys[1]);
        var tokenOnCredits = await api.GetAsync($"/v1/sandboxes/{mine}", lightning.Token);
        var keyOnLightning = await api.DeleteAsync($"/v1/sandboxes/{lightning.Id}", twoKeys.ApiKeys[0]);

        Assert.That((otherKey.Code, otherKey.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That((tokenOnCredits.Code, tokenOnCredits.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That((keyOnLightning.Code, keyOnLightning.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That((await api.GetAsync($"/v1/sandboxes/{mine}", twoKeys.ApiKeys[0])).Str("status"), Is.EqualTo("running"), "the refused calls changed nothing");
    }

    [Test]
    public async Task Sandbox_ids_are_unique()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await NewSandboxAsync());
        }

        Assert.That(ids, Has.Count.EqualTo(5));
    }
}
