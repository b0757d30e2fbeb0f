namespace Sockt.Emulator.Sandboxes;

/// <summary>Lifecycle status strings as the wire spells them.</summary>
internal static class SandboxState
{
    public const string AwaitingPayment = "awaiting_payment";
    public const string Pending = "pending";
    public const string Starting = "starting";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Terminated = "terminated";
    public const string Failed = "failed";
}
