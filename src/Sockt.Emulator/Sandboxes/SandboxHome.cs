namespace Sockt.Emulator.Sandboxes;

/// <summary>A sandbox's home on the host, and the host user that owns it (null: the emulator's own user).</summary>
internal sealed record SandboxHome(string Directory, uint? HostUser);
