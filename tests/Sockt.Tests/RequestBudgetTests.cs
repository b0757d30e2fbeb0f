using Microsoft.Extensions.DependencyInjection;
using Sockt.Testing;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>
/// The per-credential request budget: one bucket per credential, shared by every sandbox of a client and by the whole
/// app under AddSockt; a request that finds it empty waits (cancellably) instead of going out.
/// </summary>
public class RequestBudgetTests
{
    private const string StatusPath = "/v1/sandboxes/sb_1";

    /// <summary>Two requests at once, then (practically) nothing: 1 token a minute.</summary>
    private static void TwoRequests(ComputeClientOptions options) => options.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 3, Burst = 2 };

    [Test]
    public async Task Sandboxes_of_one_client_share_their_credentials_budget_and_an_empty_one_waits_cancellably()
    {
        using var test = new TestClient(TwoRequests);
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));
        var first = test.Sandbox();
        var second = test.Sandbox();
        await first.RefreshStatusAsync();
        await first.RefreshStatusAsync();

        using var cancel = new CancellationTokenSource();
        var third = second.RefreshStatusAsync(cancel.Token);
        var budget = test.Client.Core.Budgets.For(TestClient.ApiKey)!;
        await Poll.UntilAsync(() => budget.Waiting == 1, "the third request to wait for a token");
        cancel.Cancel();

        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await third);
        Assert.That(test.Stub.Requests, Has.Count.EqualTo(2), "the waiting request never went out");
    }

    [Test]
    public async Task A_sandbox_token_has_a_budget_of_its_own()
    {
        using var test = new TestClient(TwoRequests);
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));
        await test.Sandbox().RefreshStatusAsync();
        await test.Sandbox().RefreshStatusAsync();

        // The API key's budget is empty; the Lightning sandbox sends its own token, which the service counts apart.
        await test.Sandbox(ownToken: TestClient.SandboxToken).RefreshStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(3));
            Assert.That(test.Client.Core.Budgets.For(TestClient.SandboxToken), Is.Not.SameAs(test.Client.Core.Budgets.For(TestClient.ApiKey)));
        });
    }

    [Test]
    public async Task Zero_requests_per_minute_turns_the_budget_off()
    {
        using var test = new TestClient(o => o.RequestBudget.RequestsPerMinute = 0);
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));

        for (var i = 0; i < 100; i++)
        {
            await test.Sandbox().RefreshStatusAsync();
        }

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(100), "more than the default burst of 60, without waiting");
            Assert.That(test.Client.Core.Budgets.For(TestClient.ApiKey), Is.Null);
        });
    }

    [Test]
    public async Task Under_add_sockt_every_client_the_factory_builds_draws_from_one_budget_per_credential()
    {
        var stub = new StubHttpHandler();
        stub.OnJson("GET", StatusPath, Json.Status("running"));
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSockt(o =>
        {
            o.ApiKey = TestClient.ApiKey;
            o.BaseUrl = TestClient.BaseUrl;
            o.TimeProvider = new SteppingTimeProvider();
            TwoRequests(o);
        }).ConfigurePrimaryHttpMessageHandler(() => stub);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ComputeClient>();

        // Each call resolves a new Refit client from the container; the handlers come and go with the factory's rotation.
        await new Sandbox(client.Core, "sb_1", null).RefreshStatusAsync();
        await new Sandbox(client.Core, "sb_1", null).RefreshStatusAsync();
        using var cancel = new CancellationTokenSource();
        var third = new Sandbox(client.Core, "sb_1", null).RefreshStatusAsync(cancel.Token);
        var budget = client.Core.Budgets.For(TestClient.ApiKey)!;
        await Poll.UntilAsync(() => budget.Waiting == 1, "the third request to wait for a token");
        cancel.Cancel();

        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await third);
        Assert.Multiple(() =>
        {
            Assert.That(stub.Requests, Has.Count.EqualTo(2));
            Assert.That(client.Core.Budgets, Is.SameAs(provider.GetRequiredService<Sockt.Http.RequestBudgets>()));
        });
    }

    [TestCase(-1, 60)]
    [TestCase(300, 0)]
    [TestCase(300, 300)]
    public void A_budget_that_cannot_work_is_refused_when_the_client_is_built(int requestsPerMinute, int burst)
    {
        var options = new ComputeClientOptions { ApiKey = TestClient.ApiKey, RequestBudget = new RequestBudgetOptions { RequestsPerMinute = requestsPerMinute, Burst = burst } };

        Assert.Throws<ArgumentOutOfRangeException>(() => new ComputeClient(options).Dispose());
    }

    [Test]
    public void The_default_budget_is_the_services_limit()
    {
        var budget = new ComputeClientOptions().RequestBudget;

        Assert.Multiple(() =>
        {
            Assert.That(budget.RequestsPerMinute, Is.EqualTo(300));
            Assert.That(budget.Burst, Is.EqualTo(60));
            Assert.That(budget.MaxRetryAfter, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(new ComputeClientOptions().ToString(), Does.Contain("RequestBudget=(RequestsPerMinute=300, Burst=60, MaxRetryAfter=60s, SharedAcrossClients=True)"));
        });
    }
}
