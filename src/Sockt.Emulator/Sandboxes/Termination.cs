using Sockt.Emulator.Billing;

namespace Sockt.Emulator.Sandboxes;

/// <summary>How a sandbox ended; kept so that terminating it again answers the same.</summary>
internal sealed record Termination(string SandboxId, long ConsumedMsatsTotal, DateTimeOffset TerminatedAt, Refund Refund);
