using System.Reflection;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Bearer is the sandbox token if there is one, else the API key; a sandbox token also goes in ?sandbox_token= where the spec has it.</summary>
public class AuthenticationTests
{
    [Test]
    public async Task Api_key_is_sent_as_bearer_and_never_in_the_query()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", "/v1/sandboxes/sb_1", Json.Status("running"));

        await test.Client.GetSandboxAsync("sb_1");

        var request = test.Stub.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Authorization, Is.EqualTo("Bearer " + TestClient.ApiKey));
            Assert.That(request.Uri.Query, Is.Empty);
        });
    }

    [Test]
    public async Task Sandbox_token_wins_over_api_key_and_goes_in_the_query_of_get_and_delete_calls()
    {
        using var test = new TestClient(o => o.SandboxToken = TestClient.SandboxToken);
        test.Stub.OnJson("GET", "/v1/sandboxes/sb_1", Json.Status("running"))
            .OnJson("GET", "/v1/sandboxes/sb_1/files", Json.FileList)
            .OnJson("GET", "/v1/executions/exec_1", Json.Poll("completed", Json.Chunk("hi"), 0))
            .OnJson("DELETE", "/v1/sandboxes/sb_1", """{"sandbox_id":"sb_1","status":"terminated"}""")
            .OnJson("POST", "/v1/sandboxes/sb_1/exec", Json.ExecStarted)
            .OnJson("DELETE", "/v1/executions/exec_1", """{"execution_id":"exec_1","status":"cancelled"}""");

        var sandbox = await test.Client.GetSandboxAsync("sb_1");
        await sandbox.ListFilesAsync();
        await sandbox.GetExecutionResultAsync("exec_1");
        await sandbox.StartExecAsync("echo hi");
        await sandbox.CancelExecutionAsync("exec_1");
        await sandbox.TerminateAsync();

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests.Select(r => r.Authorization), Is.All.EqualTo("Bearer " + TestClient.SandboxToken));
            foreach (var request in test.Stub.Requests)
            {
                var expectsQuery = request.Method == HttpMethod.Get || request.Path == "/v1/sandboxes/sb_1";
                Assert.That(request.Query("sandbox_token"), expectsQuery ? Is.EqualTo(TestClient.SandboxToken) : Is.Null, $"{request.Method} {request.Path}");
            }
        });
    }

    [Test]
    public async Task Anonymous_lightning_sandbox_uses_the_token_returned_at_create()
    {
        using var test = new TestClient(withApiKey: false);
        test.Stub.On("POST", "/v1/sandboxes", 201, """
            {"status":"awaiting_payment","sandbox_id":"sb_9f","sandbox_token":"sbx_fromcreate123","billing_method":"lightning","tier":"nano",
             "invoice":"lnbc50u1p1z","payment_hash":"ph1","amount_msats":5000000,"expires_at":"2026-05-29T16:00:00Z"}
            """)
            .OnJson("GET", "/v1/sandboxes/sb_9f", Json.Status("running", "sb_9f"))
            .OnJson("POST", "/v1/sandboxes/sb_9f/exec", Json.ExecStarted);

        var sandbox = await test.Client.CreateSandboxAsync("nano", BillingMethod.Lightning, prepaidSats: 5000);
        await sandbox.RefreshStatusAsync();
        await sandbox.StartExecAsync("echo hi");

        var requests = test.Stub.Requests;
        Assert.Multiple(() =>
        {
            Assert.That(requests[0].Authorization, Is.Null, "the create itself is anonymous");
            Assert.That(requests[1].Authorization, Is.EqualTo("Bearer sbx_fromcreate123"));
            Assert.That(requests[1].Query("sandbox_token"), Is.EqualTo("sbx_fromcreate123"));
            Assert.That(requests[2].Authorization, Is.EqualTo("Bearer sbx_fromcreate123"));
            Assert.That(sandbox.SandboxToken, Is.EqualTo("sbx_fromcreate123"));
        });
    }

    [Test]
    public async Task Tiers_without_credentials_send_no_authorization()
    {
        using var test = new TestClient(withApiKey: false);
        test.Stub.OnJson("GET", "/v1/sandboxes/tiers", """{"note":"n","tiers":[{"tier":"nano","msats_per_second":500,"sats_per_second":0.5,"usd_cents_per_second":0.000277,"cost_per_minute_sats":30,"cost_per_hour_sats":1800,"cost_per_day_sats":43200,"cost_per_hour_usd":0.01}]}""");

        var tiers = await test.Client.ListTiersAsync();

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests.Single().Authorization, Is.Null);
            Assert.That(tiers.Single().Name, Is.EqualTo("nano"));
            Assert.That(tiers.Single().MsatsPerSecond, Is.EqualTo(500));
            Assert.That(tiers.Single().CostPerHourUsd, Is.EqualTo(0.01));
        });
    }

    [Test]
    public async Task Every_request_carries_a_user_agent()
    {
        using var test = new TestClient();
        string? userAgent = null;
        test.Stub.On("GET", "/v1/sandboxes/tiers", request =>
        {
            userAgent = request.Headers.UserAgent.ToString();
            return StubHttpHandler.Response(200, """{"tiers":[]}""");
        });

        await test.Client.ListTiersAsync();

        // The package version MinVer computed from git (0.2.0-alpha.0.N before the first tag), never the assembly
        // version (0.0.0.0 for every 0.x release) and never the +commit build metadata.
        var informational = typeof(ComputeClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.That(userAgent, Is.EqualTo("sockt-dotnet/" + informational.Split('+')[0]));
        Assert.That(userAgent, Does.Match(@"^sockt-dotnet/\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$"));
        Assert.That(userAgent, Does.Not.StartWith("sockt-dotnet/0.0.0"));
    }

    [Test]
    public async Task A_saved_sandbox_token_reopens_its_sandbox_on_a_client_with_another_credential()
    {
        using var test = new TestClient();
        test.Stub.OnJson("GET", "/v1/sandboxes/sb_7", Json.Status("running", "sb_7"))
            .OnJson("POST", "/v1/sandboxes/sb_7/pause", """{"sandbox_id":"sb_7","status":"paused"}""");

        var sandbox = await test.Client.GetSandboxAsync("sb_7", "sbx_saved7777");
        await sandbox.PauseAsync();

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests.Select(r => r.Authorization), Is.All.EqualTo("Bearer sbx_saved7777"));
            Assert.That(sandbox.SandboxToken, Is.EqualTo("sbx_saved7777"));
        });
    }
}
