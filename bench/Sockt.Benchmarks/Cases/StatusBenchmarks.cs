using BenchmarkDotNet.Attributes;
using Sockt.Benchmarks.Raw;
using Sockt.Models;

namespace Sockt.Benchmarks.Cases;

/// <summary>Case 1: one status GET through the SDK against a raw HttpClient + Newtonsoft.Json call.</summary>
[MemoryDiagnoser]
public class StatusBenchmarks
{
    private SandboxClients clients = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        clients = await SandboxClients.CreateAsync();
        await TieredWarmUp.RunAsync(TimeSpan.FromSeconds(1.5), Raw, Sdk);
    }

    [Benchmark(Baseline = true)]
    public Task<RawSandboxStatus> Raw() => clients.Raw.GetStatusAsync(clients.SandboxId);

    [Benchmark]
    public Task<SandboxStatus> Sdk() => clients.Sandbox.RefreshStatusAsync();

    [GlobalCleanup]
    public void Cleanup() => clients.Dispose();
}
