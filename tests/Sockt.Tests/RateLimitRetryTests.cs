using System.Globalization;
using System.Net.Http.Headers;
using Sockt.Testing;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>
/// A 429 that still comes: GETs wait out Retry-After (seconds or an HTTP date) and are sent again, within
/// RequestBudgetOptions.MaxRetryAfter and 3 retries; a POST never is (it must not run twice).
/// </summary>
public class RateLimitRetryTests
{
    private const string StatusPath = "/v1/sandboxes/sb_1";

    private static HttpResponseMessage RateLimited(TimeSpan? retryAfter)
    {
        var response = StubHttpHandler.Response(429, "rate limited", "text/plain");
        if (retryAfter is { } delta)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(delta);
        }

        return response;
    }

    [TestCase(300, TestName = "With the budget on, the credential holds off for Retry-After")]
    [TestCase(0, TestName = "With the budget off, the request itself waits Retry-After")]
    public async Task A_rate_limited_get_waits_retry_after_and_is_sent_again(int requestsPerMinute)
    {
        using var test = new TestClient(o => o.RequestBudget.RequestsPerMinute = requestsPerMinute);
        test.Stub.On("GET", StatusPath, _ => RateLimited(TimeSpan.FromSeconds(7)))
            .OnJson("GET", StatusPath, Json.Status("running"));

        var status = await test.Sandbox().RefreshStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(status.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(2));
            Assert.That(test.Time.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(7) }));
            Assert.That(test.Logs.GetSnapshot().Select(r => r.Message), Has.Some.Contains("was rate limited (429); retry 1 of 3 in 7000 ms"));
        });
    }

    [Test]
    public async Task Without_retry_after_a_rate_limited_get_waits_two_seconds()
    {
        using var test = new TestClient();
        test.Stub.On("GET", StatusPath, _ => RateLimited(null)).OnJson("GET", StatusPath, Json.Status("running"));

        await test.Sandbox().RefreshStatusAsync();

        Assert.That(test.Time.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(2) }));
    }

    [Test]
    public async Task A_retry_after_date_from_a_real_http_server_is_waited_until()
    {
        var time = new SteppingTimeProvider();
        var answers = 0;
        await using var server = new LoopbackHttpServer(_ => Interlocked.Increment(ref answers) == 1
            ? $"HTTP/1.1 429 Too Many Requests\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nConnection: close\r\nRetry-After: {(time.GetUtcNow() + TimeSpan.FromSeconds(5)).ToString("r", CultureInfo.InvariantCulture)}\r\n\r\nrate limited"
            : LoopbackHttpServer.Reply(200, Json.Status("running")));
        using var client = new ComputeClient(Sockt.Internal.ClientSettings.Resolve(new ComputeClientOptions { ApiKey = TestClient.ApiKey, BaseUrl = server.BaseUrl, TimeProvider = time }, _ => null), Sockt.Http.SocktHttpPipeline.CreateDefaultTransport());

        var sandbox = await client.GetSandboxAsync("sb_1");

        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(server.Requests, Has.Count.EqualTo(2));
            Assert.That(time.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(5) }));
        });
    }

    [Test]
    public async Task A_get_is_retried_three_times_then_the_429_surfaces()
    {
        using var test = new TestClient();
        test.Stub.On("GET", StatusPath, _ => RateLimited(TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<RateLimitedException>(() => test.Sandbox().RefreshStatusAsync());

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(4));
            Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }

    [Test]
    public async Task A_retry_after_beyond_the_cap_surfaces_at_once()
    {
        using var test = new TestClient(o => o.RequestBudget.MaxRetryAfter = TimeSpan.FromSeconds(30));
        test.Stub.On("GET", StatusPath, _ => RateLimited(TimeSpan.FromSeconds(31)));

        var error = await Assert.ThrowsAsync<RateLimitedException>(() => test.Sandbox().RefreshStatusAsync());

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(1));
            Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(31)));
            Assert.That(test.Time.Delays, Is.Empty);
        });
    }

    [Test]
    public async Task A_max_retry_after_of_zero_turns_the_retry_off()
    {
        using var test = new TestClient(o => o.RequestBudget.MaxRetryAfter = TimeSpan.Zero);
        test.Stub.On("GET", StatusPath, _ => RateLimited(TimeSpan.Zero));

        await Assert.ThrowsAsync<RateLimitedException>(() => test.Sandbox().RefreshStatusAsync());

        Assert.That(test.Stub.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_rate_limited_post_is_never_sent_again()
    {
        using var test = new TestClient();
        test.Stub.On("POST", "/v1/sandboxes/sb_1/exec", _ => RateLimited(TimeSpan.FromSeconds(1)));

        var error = await Assert.ThrowsAsync<RateLimitedException>(() => test.Sandbox().StartExecAsync("echo hi"));

        Assert.Multiple(() =>
        {
            Assert.That(test.Stub.Requests, Has.Count.EqualTo(1));
            Assert.That(error!.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(test.Time.Delays, Is.Empty);
        });
    }

    [Test]
    public async Task The_wait_for_retry_after_is_cancellable()
    {
        // The real clock: a 10-minute Retry-After (within the cap set here) that only the cancellation ends.
        using var cancel = new CancellationTokenSource();
        using var test = new TestClient(o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.RequestBudget.MaxRetryAfter = TimeSpan.FromHours(1);

            // The 10-minute hold is on the credential's budget: a shared one would hold the other tests' clients too.
            o.RequestBudget.SharedAcrossClients = false;
        });
        test.Stub.On("GET", StatusPath, _ => RateLimited(TimeSpan.FromMinutes(10)));
        var call = test.Sandbox().RefreshStatusAsync(cancel.Token);
        await Poll.UntilAsync(() => test.Logs.GetSnapshot().Any(r => r.Message.Contains("was rate limited")), "the SDK to start waiting out Retry-After");
        cancel.Cancel();

        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () => await call);

        Assert.That(test.Stub.Requests, Has.Count.EqualTo(1));
    }
}
