namespace Sockt.Testing;

/// <summary>Upper bounds for waits in tests: generous, so that they only fire when something hangs.</summary>
internal static class Deadline
{
    /// <summary>The default bound of a wait (20 s).</summary>
    internal static readonly TimeSpan Default = TimeSpan.FromSeconds(20);
}
