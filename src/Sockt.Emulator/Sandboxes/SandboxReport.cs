using Sockt.Emulator.Billing;

namespace Sockt.Emulator.Sandboxes;

/// <summary>A consistent reading of one sandbox's lifecycle and billing state, taken under the manager's gate.</summary>
internal sealed record SandboxReport(
    Sandbox Sandbox,
    string Status,
    long ConsumedMsats,
    long? PrepaidBalanceMsats,
    long? SecondsRemaining,
    string WarningLevel,
    int NextPollSeconds,
    LightningInvoice? PendingInvoice);
