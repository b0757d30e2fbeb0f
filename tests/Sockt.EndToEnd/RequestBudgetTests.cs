using Sockt.EndToEnd.Infrastructure;
using Sockt.Emulator;

namespace Sockt.EndToEnd;

/// <summary>
/// The client's request budget against the emulator's real rate limiter (a fixed window per credential, here
/// 60 a minute): concurrent executions on one credential poll within it, where the same work without the budget is
/// refused with 429s.
/// </summary>
public class RequestBudgetTests : EmulatorTestBase
{
    private const int Limit = 60;
    private const int Executions = 3;

    protected override void Configure(SocktEmulatorOptions options) => options.RateLimitPerMinute = Limit;

    [Test]
    public async Task Concurrent_executions_on_one_credential_stay_within_its_limit()
    {
        var counter = new ResponseCounter();
        using var http = new HttpClient(counter);
        var options = Options();
        options.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = Limit, Burst = 20, MaxRetryAfter = TimeSpan.Zero };
        using var client = new ComputeClient(options, http);

        var results = await RunConcurrentlyAsync(client);

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Stdout), Is.All.EqualTo("done\n"));
            Assert.That(results.Select(r => r.Status), Is.All.EqualTo(ExecutionState.Completed));
            Assert.That(counter.RateLimited, Is.Zero, "no request was answered 429");
            Assert.That(counter.Total, Is.LessThanOrEqualTo(Limit));
        });
    }

    [Test]
    public async Task Without_the_budget_the_same_work_runs_into_the_limit()
    {
        // The control: the test above can fail. The other account has a window of its own.
        var options = Options(OtherApiKey);
        options.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 0, MaxRetryAfter = TimeSpan.Zero };
        using var client = new ComputeClient(options);

        var error = await Assert.ThrowsAsync<RateLimitedException>(() => RunConcurrentlyAsync(client));

        Assert.That(error!.IsTooManyExecutions, Is.False, "the request rate, not the concurrency limit");
    }

    private static async Task<ExecResult[]> RunConcurrentlyAsync(ComputeClient client)
    {
        var sandbox = await client.CreateSandboxAsync("nano", BillingMethod.Credits, label: TestContext.CurrentContext.Test.Name);
        await sandbox.WaitUntilRunningAsync();
        return await Task.WhenAll(Enumerable.Range(0, Executions).Select(_ => sandbox.ExecAsync("sleep 1; echo done")));
    }

    /// <summary>Counts the requests that reach the emulator and the 429s it answers.</summary>
    private sealed class ResponseCounter() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _total;
        private int _rateLimited;

        public int Total => Volatile.Read(ref _total);

        public int RateLimited => Volatile.Read(ref _rateLimited);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _total);
            var response = await base.SendAsync(request, cancellationToken);
            if ((int)response.StatusCode == 429)
            {
                Interlocked.Increment(ref _rateLimited);
            }

            return response;
        }
    }
}
