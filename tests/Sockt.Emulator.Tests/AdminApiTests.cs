using System.Text.Json.Nodes;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>The admin API (<c>/_emulator/*</c>) takes only the admin key: never a user's API key or a sandbox token.</summary>
internal sealed class AdminApiTests : EmulatorTestBase
{
    private static readonly (string Method, string Path, object? Body)[] Endpoints =
    [
        ("GET", "/_emulator/health", null),
        ("GET", "/_emulator/sandboxes", null),
        ("POST", "/_emulator/clock/advance", new { seconds = 1 }),
        ("POST", "/_emulator/credits", new { api_key = "sockt_live_nobody", cents = 1 }),
        ("GET", "/_emulator/faults", null),
        ("POST", "/_emulator/faults", new { route = "GET /v1/nothing", status = 503, times = 1 }),
        ("DELETE", "/_emulator/faults", null),
        ("POST", "/_emulator/invoices/" + new string('0', 64) + "/pay", null),
        ("GET", "/_emulator/no-such-endpoint", null),
    ];

    [Test]
    public async Task Every_admin_endpoint_refuses_no_key_user_keys_sandbox_tokens_and_wrong_keys()
    {
        var lightning = await Api.CreateLightningSandboxAsync();
        var refusals = new List<string>();
        foreach (var (method, path, body) in Endpoints)
        {
            foreach (var (credential, expected) in new (string?, int)[] { (null, 401), ("sockt_admin_wrong", 401), (Key, 403), (lightning.Token, 403) })
            {
                var response = await Api.SendAsync(new HttpMethod(method), path, credential, body);
                if (response.Code != expected || response.ErrorCode is null || response.Text.Contains(Admin, StringComparison.Ordinal))
                {
                    refusals.Add($"{method} {path} with {credential ?? "no key"}: {response}");
                }
            }
        }

        Assert.That(refusals, Is.Empty);
    }

    [Test]
    public async Task Every_admin_endpoint_accepts_the_admin_key()
    {
        foreach (var (method, path, body) in Endpoints)
        {
            var response = await Api.SendAsync(new HttpMethod(method), path, Admin, body);

            Assert.That(response.Code, Is.Not.EqualTo(401).And.Not.EqualTo(403), $"{method} {path}: {response}");
        }

        Assert.That((await Api.GetAsync("/_emulator/health", Admin)).Str("status"), Is.EqualTo("ok"));
    }

    [Test]
    public async Task A_sandbox_cannot_pay_its_own_invoice()
    {
        var sandbox = await Api.CreateLightningSandboxAsync();

        var withToken = await Api.PostAsync($"/_emulator/invoices/{sandbox.PaymentHash}/pay", sandbox.Token);
        var withKey = await Api.PostAsync($"/_emulator/invoices/{sandbox.PaymentHash}/pay", Key);
        var status = await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}", sandbox.Token);

        Assert.That((withToken.Code, withToken.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That((withKey.Code, withKey.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That(status.Str("status"), Is.EqualTo("awaiting_payment"));
        Assert.That((await Api.PostAsync($"/_emulator/invoices/{sandbox.PaymentHash}/pay", Admin)).Code, Is.EqualTo(200));
    }

    [Test]
    public async Task The_specification_stays_public()
    {
        var spec = await Api.GetAsync("/openapi.yaml");

        Assert.That(spec.Code, Is.EqualTo(200));
    }

    [Test]
    public void The_admin_key_is_generated_and_differs_from_the_api_key()
    {
        Assert.That(Admin, Does.Match("^sockt_admin_[0-9a-f]{48}$"));
        Assert.That(Admin, Is.Not.EqualTo(Key));
    }

    [Test]
    public async Task A_configured_admin_key_is_used_and_must_differ_from_every_api_key()
    {
        await using (var emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { AdminKey = "sockt_admin_configured", ApiKeys = { "sockt_live_k" } }))
        {
            using var api = new EmulatorApi(emulator.BaseUrl);
            Assert.That(emulator.AdminKey, Is.EqualTo("sockt_admin_configured"));
            Assert.That((await api.GetAsync("/_emulator/health", "sockt_admin_configured")).Code, Is.EqualTo(200));
        }

        await Assert.ThrowsAsync<ArgumentException>(() => SocktEmulator.StartAsync(new SocktEmulatorOptions { AdminKey = "sockt_live_same", ApiKeys = { "sockt_live_same" } }));
        await Assert.ThrowsAsync<ArgumentException>(() => SocktEmulator.StartAsync(new SocktEmulatorOptions { AdminKey = "sbx_not_a_token" }));
        await Assert.ThrowsAsync<ArgumentException>(() => SocktEmulator.StartAsync(new SocktEmulatorOptions { AdminKey = " " }));
    }

    [Test]
    public async Task The_sandbox_listing_is_admin_only_and_shows_the_sandbox()
    {
        var id = await NewSandboxAsync();

        var listing = await Api.GetAsync("/_emulator/sandboxes", Admin);

        Assert.That(listing["sandboxes"].AsArray().Select(s => s!["sandbox_id"]!.GetValue<string>()), Does.Contain(id));
        Assert.That(listing["sandboxes"].AsArray().OfType<JsonObject>().All(s => s.ContainsKey("home_directory")), Is.True);
    }
}
