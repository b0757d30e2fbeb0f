namespace Sockt;

/// <summary>The settings of a new sandbox, for <see cref="ComputeClient.CreateSandboxAsync(CreateSandboxOptions, CancellationToken)"/>.</summary>
public class CreateSandboxOptions
{
    /// <summary>Creates options for the given tier.</summary>
    /// <param name="tier">Tier name, for example <c>nano</c> (see <see cref="ComputeClient.ListTiersAsync"/>).</param>
    public CreateSandboxOptions(string tier)
    {
        Tier = tier;
    }

    /// <summary>Tier name, for example <c>nano</c>, <c>micro</c>, <c>small</c> or <c>gpu-small</c>.</summary>
    public string Tier { get; set; }

    /// <summary><see cref="Sockt.BillingMethod.Credits"/> or <see cref="Sockt.BillingMethod.Lightning"/>; the service's default when <see langword="null"/>.</summary>
    public BillingMethod? BillingMethod { get; set; }

    /// <summary>Satoshis to prepay (Lightning only).</summary>
    public long? PrepaidSats { get; set; }

    /// <summary>USD cents to allocate from the account budget (credits only).</summary>
    public int? InitialCreditsCents { get; set; }

    /// <summary>A human-readable label.</summary>
    public string? Label { get; set; }
}
