using Sockt.Benchmarks.Raw;

namespace Sockt.Benchmarks.Sdk;

/// <summary>Resolves a sandbox's shell URL with the raw client (the SDK has no public call for it yet).</summary>
internal sealed class RawShellUrlResolver(RawSocktClient raw, string sandboxId)
{
    public Task<Uri> ResolveAsync(CancellationToken cancellationToken) => raw.GetShellUrlAsync(sandboxId, cancellationToken);
}
