using BenchmarkDotNet.Attributes;
using Sockt.Benchmarks.Hosting;
using Sockt.Benchmarks.Raw;
using Sockt.Models;

namespace Sockt.Benchmarks.Cases;

/// <summary>Case 1: one status GET through the SDK against a raw HttpClient + Newtonsoft.Json call.</summary>
[MemoryDiagnoser]
public class StatusBenchmarks
{
    private ComputeClient client = null!;
    private Sandbox sandbox = null!;
    private RawSocktClient raw = null!;
    private string sandboxId = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var target = BenchContext.Target;
        sandboxId = target.SandboxId;
        client = target.CreateSdkClient();
        sandbox = await client.GetSandboxAsync(sandboxId);
        raw = new RawSocktClient(target.BaseUrl, target.ApiKey);
        await TieredWarmUp.RunAsync(TimeSpan.FromSeconds(1.5), Raw, Sdk);
    }

    [Benchmark(Baseline = true)]
    public Task<RawSandboxStatus> Raw() => raw.GetStatusAsync(sandboxId);

    [Benchmark]
    public Task<SandboxStatus> Sdk() => sandbox.RefreshStatusAsync();

    [GlobalCleanup]
    public void Cleanup()
    {
        client.Dispose();
        raw.Dispose();
    }
}
