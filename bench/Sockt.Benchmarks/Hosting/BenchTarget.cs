namespace Sockt.Benchmarks.Hosting;

/// <summary>Where the benchmarks send their requests: the emulator's address, its API keys and the shared sandbox.</summary>
/// <param name="BaseUrl">The emulator's address on 127.0.0.1.</param>
/// <param name="ApiKeys">Every key the emulator accepts; key 0 serves cases 1-4, keys 1..20 one capacity sandbox each.</param>
/// <param name="SandboxId">A running sandbox shared by cases 1-4.</param>
internal sealed record BenchTarget(Uri BaseUrl, IReadOnlyList<string> ApiKeys, string SandboxId)
{
    /// <summary>The key of cases 1-4.</summary>
    public string ApiKey => ApiKeys[0];

    /// <summary>
    /// A request budget that is on (every request takes its token, so its cost is measured) but never runs low: this
    /// emulator has no rate limit, and BenchmarkDotNet repeats an operation thousands of times a minute, which the
    /// service's 300 a minute would pace to a crawl. The exec rows so measure the poll schedule of a lone command (a
    /// full budget); the budget row runs the default budget against a second emulator with the real limit.
    /// </summary>
    public static RequestBudgetOptions UnboundedBudget() => new() { RequestsPerMinute = 100_000_000, Burst = 1_000_000 };

    /// <summary>An SDK client for <paramref name="apiKey"/> (key 0 when null): the SDK's defaults, with <see cref="UnboundedBudget"/>.</summary>
    public ComputeClient CreateSdkClient(string? apiKey = null) =>
        new(new ComputeClientOptions { ApiKey = apiKey ?? ApiKey, BaseUrl = BaseUrl, RequestBudget = UnboundedBudget() });

    // The key is a local secret of this run: never part of the record's text.
    public override string ToString() => $"BenchTarget({BaseUrl}, {ApiKeys.Count} keys, sandbox {SandboxId})";
}
