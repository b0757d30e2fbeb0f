namespace Sockt.Emulator;

/// <summary>What network a sandbox's processes get (docs/emulator.md, "Network").</summary>
public enum SandboxNetwork
{
    /// <summary>
    /// The default: a network namespace of the sandbox's own with only a loopback interface. No outbound access; the
    /// host's loopback (the emulator's port included) is unreachable.
    /// </summary>
    Loopback,

    /// <summary>
    /// Outbound access through pasta (Debian package <c>passt</c>), user-mode networking that forwards the sandbox's
    /// connections from the host. The host's loopback stays unreachable: no port is forwarded in either direction and
    /// the gateway address is not mapped to the host.
    /// </summary>
    Outbound,

    /// <summary>
    /// The host's network, unconfined: sandboxes reach everything the host reaches, <b>every service on the host's
    /// loopback included</b>. For trusted code only; the banner and the log warn. As root the emulator drops, at accept,
    /// every connection to its port from a sandbox's host user; not as root, sandboxes share its user and reach its port.
    /// </summary>
    Host,
}
