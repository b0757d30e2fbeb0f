using Sockt.Emulator.Billing;

namespace Sockt.Emulator.Sandboxes;

/// <summary>A consistent reading of one sandbox's lifecycle and billing state, taken under the manager's gate.</summary>
/// <remarks>
/// For a credits sandbox <see cref="SecondsRemaining"/> is what the allocation and then the owner's account can pay
/// for, so both are part of the reading (<see cref="Credits"/>); null for Lightning.
/// </remarks>
internal sealed record SandboxReport(
    Sandbox Sandbox,
    string Status,
    long ConsumedMsats,
    long? PrepaidBalanceMsats,
    long? SecondsRemaining,
    string WarningLevel,
    int NextPollSeconds,
    LightningInvoice? PendingInvoice,
    CreditsBalance? Credits);
