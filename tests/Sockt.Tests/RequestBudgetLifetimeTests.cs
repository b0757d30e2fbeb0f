using Microsoft.Extensions.DependencyInjection;
using Sockt.Http;
using Sockt.Internal;
using Sockt.Testing;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>
/// How long request budgets live and who shares them: a credential's bucket goes away once it is full and unused, a
/// wait for a token is not part of the request timeout, and clients of one process share one budget per credential.
/// </summary>
public class RequestBudgetLifetimeTests
{
    private const string StatusPath = "/v1/sandboxes/sb_1";

    /// <summary>A bucket that refills within about a millisecond of real time, so only the (stepped) idle time decides.</summary>
    private static RequestBudgetOptions QuickRefill(bool shared = false) => new() { RequestsPerMinute = 600_000, Burst = 10, SharedAcrossClients = shared };

    [Test]
    public async Task A_thousand_sandbox_tokens_leave_no_bucket_behind_once_idle_and_a_token_seen_again_gets_a_new_one()
    {
        using var test = new TestClient(o => o.RequestBudget = QuickRefill());
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));
        var budgets = test.Client.Core.Budgets;

        for (var i = 0; i < 1000; i++)
        {
            await test.Sandbox(ownToken: $"sbx_lightning{i:D4}").RefreshStatusAsync();
        }

        // Each token got a bucket of its own; none can go while it has not been idle for its refill time (stepped clock).
        Assert.That(budgets.Count, Is.GreaterThan(900), "buckets dropped although the clock has not moved");

        await Task.Delay(TimeSpan.FromSeconds(1), test.Time);
        await Poll.UntilAsync(() => budgets.Count == 0 && !budgets.Ticking, "every idle bucket to be dropped and the store's timer to stop");

        await test.Sandbox(ownToken: "sbx_lightning0000").RefreshStatusAsync();
        Assert.Multiple(() =>
        {
            Assert.That(budgets.Count, Is.EqualTo(1));
            Assert.That(budgets.Ticking, Is.True, "a new bucket restarts the timer that refills it");
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(1001));
        });
    }

    [Test]
    public async Task A_bucket_that_is_not_full_again_is_kept_whatever_the_idle_time()
    {
        // 1 token a minute: after two requests the bucket stays (nearly) empty for the whole test.
        using var test = new TestClient(o => o.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 3, Burst = 2, SharedAcrossClients = false });
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));
        await test.Sandbox(ownToken: TestClient.SandboxToken).RefreshStatusAsync();
        await test.Sandbox(ownToken: TestClient.SandboxToken).RefreshStatusAsync();
        var drained = test.Client.Core.Budgets.For(TestClient.SandboxToken)!;

        await Task.Delay(TimeSpan.FromHours(1), test.Time);

        // Dropping it would hand out a full burst again: more than the service's limit allows.
        Assert.Multiple(() =>
        {
            Assert.That(drained.TryRetire(), Is.False);
            Assert.That(test.Client.Core.Budgets.For(TestClient.SandboxToken), Is.SameAs(drained));
        });
    }

    [Test]
    public async Task Requests_racing_the_eviction_of_their_credentials_buckets_all_go_out()
    {
        using var test = new TestClient(o => o.RequestBudget = QuickRefill());
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));
        var budgets = test.Client.Core.Budgets;
        var sent = 0;

        for (var round = 0; round < 20; round++)
        {
            // Idle long enough on the stepped clock: the timer may drop any bucket between lookup and use.
            await Task.Delay(TimeSpan.FromSeconds(1), test.Time);
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => test.Sandbox(ownToken: $"sbx_racing{i % 5}").RefreshStatusAsync())));
            sent += 50;
        }

        await Task.Delay(TimeSpan.FromSeconds(1), test.Time);
        await Poll.UntilAsync(() => budgets.Count == 0, "the idle buckets to be dropped");
        Assert.That(test.Stub.Requests, Has.Count.EqualTo(sent));
    }

    [Test]
    public async Task The_wait_for_a_budget_token_is_not_part_of_the_request_timeout()
    {
        // 10 tokens a second after a burst of 1, so the last of 20 requests waits about 2 s: four times the Timeout.
        using var test = new TestClient(o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(500);
            o.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 601, Burst = 1, SharedAcrossClients = false };
        });
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => test.Sandbox().RefreshStatusAsync()));

        Assert.That(test.Stub.Requests, Has.Count.EqualTo(20), "every queued request went out instead of timing out");
    }

    [Test]
    public async Task A_wait_for_a_budget_token_cut_short_by_the_caller_says_what_it_waited_for()
    {
        using var test = new TestClient(o => o.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 3, Burst = 2, SharedAcrossClients = false });
        test.Stub.OnJson("GET", StatusPath, Json.Status("running"));
        await test.Sandbox().RefreshStatusAsync();
        await test.Sandbox().RefreshStatusAsync();

        using var cancel = new CancellationTokenSource();
        var third = test.Sandbox().RefreshStatusAsync(cancel.Token);
        await Poll.UntilAsync(() => test.Client.Core.Budgets.Waiting(TestClient.ApiKey) == 1, "the third request to wait for a token");
        cancel.Cancel();

        var exception = (await Assert.CatchAsync<OperationCanceledException>(async () => await third))!;
        Assert.Multiple(() =>
        {
            Assert.That(exception.CancellationToken, Is.EqualTo(cancel.Token));
            Assert.That(exception.Message, Does.Contain("request budget").And.Contain("RequestBudgetOptions"));
            Assert.That(exception.Message, Does.Not.Contain(TestClient.ApiKey));
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task Disposing_the_client_ends_a_wait_for_a_shared_budget()
    {
        var time = new SteppingTimeProvider();
        using var other = NewClient(time, new RequestBudgetOptions { RequestsPerMinute = 3, Burst = 2 }, out _);
        var client = NewClient(time, new RequestBudgetOptions { RequestsPerMinute = 3, Burst = 2 }, out _);
        await new Sandbox(other.Core, "sb_1", null).RefreshStatusAsync();
        await new Sandbox(other.Core, "sb_1", null).RefreshStatusAsync();

        var waiting = new Sandbox(client.Core, "sb_1", null).RefreshStatusAsync();
        await Poll.UntilAsync(() => client.Core.Budgets.Waiting(TestClient.ApiKey) == 1, "the request to wait for the shared budget");
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await waiting);
        Assert.That(other.Core.Budgets.Count, Is.EqualTo(1), "the other client's budget is untouched");
    }

    [Test]
    public async Task Clients_of_one_process_on_the_same_address_share_their_credentials_budget_unless_told_not_to()
    {
        var time = new SteppingTimeProvider();
        var budget = new RequestBudgetOptions { RequestsPerMinute = 3, Burst = 2 };
        using var first = NewClient(time, budget, out var firstStub);
        using var second = NewClient(time, budget, out var secondStub);
        using var own = NewClient(time, new RequestBudgetOptions { RequestsPerMinute = 3, Burst = 2, SharedAcrossClients = false }, out var ownStub);

        await new Sandbox(first.Core, "sb_1", null).RefreshStatusAsync();
        await new Sandbox(first.Core, "sb_1", null).RefreshStatusAsync();

        // The second client's request finds the key's budget drained by the first one.
        using var cancel = new CancellationTokenSource();
        var third = new Sandbox(second.Core, "sb_1", null).RefreshStatusAsync(cancel.Token);
        await Poll.UntilAsync(() => second.Core.Budgets.Waiting(TestClient.ApiKey) == 1, "the second client's request to wait");

        // A client with SharedAcrossClients = false has a full budget of its own.
        await new Sandbox(own.Core, "sb_1", null).RefreshStatusAsync();
        cancel.Cancel();

        await Assert.CatchAsync<OperationCanceledException>(async () => await third);
        Assert.Multiple(() =>
        {
            Assert.That(second.Core.Budgets, Is.SameAs(first.Core.Budgets));
            Assert.That(own.Core.Budgets, Is.Not.SameAs(first.Core.Budgets));
            Assert.That(firstStub.Requests, Has.Count.EqualTo(2));
            Assert.That(secondStub.Requests, Is.Empty);
            Assert.That(ownStub.Requests, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Add_sockt_and_a_hand_built_client_on_the_same_address_share_one_budget()
    {
        var time = new SteppingTimeProvider();
        var budget = new RequestBudgetOptions { RequestsPerMinute = 3, Burst = 2 };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSockt(o =>
        {
            o.ApiKey = TestClient.ApiKey;
            o.BaseUrl = TestClient.BaseUrl;
            o.TimeProvider = time;
            o.RequestBudget = budget;
        }).ConfigurePrimaryHttpMessageHandler(() => new StubHttpHandler());
        await using (var provider = services.BuildServiceProvider())
        {
            using var handBuilt = NewClient(time, budget, out _);

            Assert.That(provider.GetRequiredService<ComputeClient>().Core.Budgets, Is.SameAs(handBuilt.Core.Budgets));
        }

        // Neither the container nor the client disposed the process-wide store.
        using var later = NewClient(time, budget, out var stub);
        await new Sandbox(later.Core, "sb_1", null).RefreshStatusAsync();
        Assert.That(stub.Requests, Has.Count.EqualTo(1));
    }

    private static ComputeClient NewClient(TimeProvider time, RequestBudgetOptions budget, out StubHttpHandler stub)
    {
        stub = new StubHttpHandler();
        stub.OnJson("GET", StatusPath, Json.Status("running"));
        var options = new ComputeClientOptions { ApiKey = TestClient.ApiKey, BaseUrl = TestClient.BaseUrl, TimeProvider = time, RequestBudget = budget };
        return new ComputeClient(ClientSettings.Resolve(options, _ => null), stub);
    }
}
