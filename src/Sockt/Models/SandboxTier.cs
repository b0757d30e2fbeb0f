namespace Sockt.Models;

/// <summary>Adds the tier's name under either of its wire names to the generated tier model.</summary>
public partial class SandboxTier
{
    /// <summary>The tier identifier to pass to <see cref="ComputeClient.CreateSandboxAsync(string, string?, long?, int?, string?, CancellationToken)"/>, whichever key the service used (<c>name</c> or <c>tier</c>).</summary>
    [Newtonsoft.Json.JsonIgnore]
    public string? TierName => Name ?? Tier;
}
