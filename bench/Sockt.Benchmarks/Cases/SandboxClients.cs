using Sockt.Benchmarks.Hosting;
using Sockt.Benchmarks.Raw;

namespace Sockt.Benchmarks.Cases;

/// <summary>The two clients a BenchmarkDotNet case compares, both pointed at the run's one running sandbox.</summary>
internal sealed class SandboxClients : IDisposable
{
    private SandboxClients(ComputeClient client, Sandbox sandbox, RawSocktClient raw, string sandboxId)
    {
        Client = client;
        Sandbox = sandbox;
        Raw = raw;
        SandboxId = sandboxId;
    }

    public ComputeClient Client { get; }

    public Sandbox Sandbox { get; }

    public RawSocktClient Raw { get; }

    public string SandboxId { get; }

    public static async Task<SandboxClients> CreateAsync()
    {
        var target = BenchContext.Target;
        var client = target.CreateSdkClient();
        var sandbox = await client.GetSandboxAsync(target.SandboxId);
        return new SandboxClients(client, sandbox, new RawSocktClient(target.BaseUrl, target.ApiKey), target.SandboxId);
    }

    public void Dispose()
    {
        Client.Dispose();
        Raw.Dispose();
    }
}
