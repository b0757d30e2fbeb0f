namespace Sockt;

/// <summary>Known sandbox lifecycle states (an open set: compare <see cref="Sandbox.Status"/> with these).</summary>
public static class SandboxStates
{
    /// <summary>A Lightning sandbox waiting for its invoice to be paid.</summary>
    public const string AwaitingPayment = "awaiting_payment";

    /// <summary>A credits sandbox just accepted.</summary>
    public const string Pending = "pending";

    /// <summary>The sandbox record is being created.</summary>
    public const string Creating = "creating";

    /// <summary>The pod is being provisioned (30 to 90 seconds).</summary>
    public const string Starting = "starting";

    /// <summary>Ready for commands, files and shell access.</summary>
    public const string Running = "running";

    /// <summary>Compute stopped (no billing); can be resumed.</summary>
    public const string Paused = "paused";

    /// <summary>Permanently destroyed.</summary>
    public const string Terminated = "terminated";

    /// <summary>Provisioning or runtime error.</summary>
    public const string Failed = "failed";
}
