using Sockt.EndToEnd.Infrastructure;

namespace Sockt.EndToEnd;

/// <summary>ComputeClient: its constructors, tiers, create (both overloads), get, disposal.</summary>
public class ComputeClientTests : EmulatorTestBase
{
    [Test]
    public async Task ListTiersAsync_returns_the_six_tiers_with_prices()
    {
        var tiers = await Client.ListTiersAsync();

        Assert.That(tiers.Select(t => t.Name), Is.EqualTo(new[] { "nano", "micro", "small", "medium", "large", "gpu-small" }));
        var nano = tiers[0];
        Assert.That(nano.MsatsPerSecond, Is.EqualTo(500));
        Assert.That(nano.SatsPerSecond, Is.EqualTo(0.5));
        Assert.That(nano.CostPerHourSats, Is.EqualTo(1800));
        Assert.That(nano.CostPerHourUsd, Is.EqualTo(0.01));
    }

    [Test]
    public async Task Constructor_with_arguments_works_like_the_options_constructor()
    {
        using var client = new ComputeClient(apiKey: PrimaryApiKey, baseUrl: Emulator.BaseUrl, timeout: TimeSpan.FromSeconds(30));

        Assert.That(client.BaseUrl, Is.EqualTo(Emulator.BaseUrl));
        var sandbox = await client.CreateSandboxAsync("micro");
        Assert.That(sandbox.Tier, Is.EqualTo("micro"));
        Assert.That(sandbox.BillingMethod, Is.EqualTo(BillingMethod.Credits));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task Constructor_with_a_caller_HttpClient_sends_through_it_and_leaves_it_usable()
    {
        var recorder = new ExecutionIdRecorder();
        using var http = new HttpClient(recorder);
        await using (var client = new ComputeClient(Options(), http))
        {
            var sandbox = await RunningSandboxAsync(client);
            var result = await sandbox.ExecAsync("echo through-the-caller-client");
            Assert.That(result.Stdout, Is.EqualTo("through-the-caller-client\n"));
            Assert.That(recorder.FirstExecutionId.IsCompleted, Is.True, "the exec request went through the caller's HttpClient");
            await sandbox.TerminateAsync();
        }

        // The SDK does not dispose a client it was given.
        using var healthRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(Emulator.BaseUrl, "/_emulator/health"));
        healthRequest.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Emulator.AdminKey);
        using var health = await http.SendAsync(healthRequest);
        Assert.That(health.IsSuccessStatusCode, Is.True);
    }

    [Test]
    public async Task CreateSandboxAsync_with_options_passes_label_and_credits()
    {
        var sandbox = await Client.CreateSandboxAsync(new CreateSandboxOptions("small") { BillingMethod = BillingMethod.Credits, InitialCreditsCents = 5, Label = "e2e-label" });
        await sandbox.WaitUntilRunningAsync();

        var status = await sandbox.RefreshStatusAsync();
        Assert.That(status.Tier, Is.EqualTo("small"));
        Assert.That(status.BillingMethod, Is.EqualTo(BillingMethod.Credits));
        Assert.That(status.RawJson, Does.Contain("\"sandbox_id\""));
        Assert.That(sandbox.LastStatus, Is.SameAs(status));
        var terminated = await sandbox.TerminateAsync();
        Assert.That(terminated.Refund?.AmountCents, Is.EqualTo(5), "nothing was billed, so all 5 cents come back");
    }

    [Test]
    public async Task GetSandboxAsync_opens_an_existing_sandbox_with_its_status_loaded()
    {
        var created = await RunningSandboxAsync();

        using var other = NewClient();
        var opened = await other.GetSandboxAsync(created.Id);

        Assert.That(opened.Id, Is.EqualTo(created.Id));
        Assert.That(opened.Status, Is.EqualTo(SandboxState.Running));
        Assert.That(opened.Tier, Is.EqualTo("nano"));
        Assert.That((await opened.ExecAsync("echo reopened")).Stdout, Is.EqualTo("reopened\n"));
        await opened.TerminateAsync();
        Assert.That((await created.RefreshStatusAsync()).Status, Is.EqualTo(SandboxState.Terminated));
    }

    [Test]
    public async Task ToString_of_client_and_sandbox_never_shows_the_secrets()
    {
        var sandbox = await Client.CreateSandboxAsync("nano", BillingMethod.Lightning, prepaidSats: 100);

        Assert.That(Client.ToString(), Does.Not.Contain(PrimaryApiKey));
        Assert.That(sandbox.SandboxToken, Does.StartWith("sbx_"));
        Assert.That(sandbox.ToString(), Does.Contain(sandbox.Id).And.Not.Contain(sandbox.SandboxToken!));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task A_disposed_client_refuses_further_calls()
    {
        var client = NewClient();
        await client.DisposeAsync();

        await Assert.CatchAsync<ObjectDisposedException>(async () => await client.ListTiersAsync());
    }
}
