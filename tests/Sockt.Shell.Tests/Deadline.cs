namespace Sockt.Shell.Tests;

/// <summary>Upper bounds for waits in tests: generous, so they only fire when something hangs.</summary>
internal static class Deadline
{
    internal static readonly TimeSpan Default = TimeSpan.FromSeconds(20);
}
