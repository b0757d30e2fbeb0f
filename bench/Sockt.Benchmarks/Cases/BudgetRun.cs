using System.Diagnostics;
using Sockt.Benchmarks.Hosting;

namespace Sockt.Benchmarks.Cases;

/// <summary>
/// The budget row: an emulator of its own with the service's real rate limit, one credential, rounds of 10 concurrent
/// 5 s executions through an SDK client with default options.
/// </summary>
internal static class BudgetRun
{
    private const int Concurrent = 10;
    private const string Command = "sleep 5; echo done";

    public static async Task<BudgetOutcome> RunAsync(int rounds, CancellationToken cancellationToken)
    {
        var key = "sockt_live_" + Guid.NewGuid().ToString("D");
        await using var emulator = await EmulatorProcess.StartAsync([key], cancellationToken, rateLimitPerMinute: RequestBudgetOptions.ServiceRequestsPerMinute);
        var counter = new CountingHandler();
        using var http = new HttpClient(counter);
        using var client = new ComputeClient(new ComputeClientOptions { ApiKey = key, BaseUrl = emulator.BaseUrl }, http);
        var sandbox = await client.CreateSandboxAsync("nano", BillingMethod.Credits, label: "bench-budget", cancellationToken: cancellationToken);
        var complete = 0;
        var roundSeconds = new List<double>();
        try
        {
            await sandbox.WaitUntilRunningAsync(cancellationToken: cancellationToken);
            for (var round = 0; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                var results = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => sandbox.ExecAsync(Command, cancellationToken: cancellationToken)));
                roundSeconds.Add(watch.Elapsed.TotalSeconds);
                complete += results.Count(r => r.IsCompleted && r.Stdout == "done\n");
                Console.WriteLine($"[bench] budget round {round + 1}: {watch.Elapsed.TotalSeconds:0.00} s, {counter.Requests} requests so far, {counter.RateLimited} answered 429");
            }
        }
        finally
        {
            await sandbox.TerminateAsync(cancellationToken: CancellationToken.None);
        }

        roundSeconds.Sort();
        return new BudgetOutcome(rounds * Concurrent, complete, counter.Requests, counter.RateLimited, roundSeconds[roundSeconds.Count / 2]);
    }
}
