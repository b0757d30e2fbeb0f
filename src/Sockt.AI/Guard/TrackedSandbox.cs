namespace Sockt.AI.Guard;

/// <summary>
/// A sandbox the guard watches: the one a set is bound to, or one the tools created. Its fields change only under the
/// guard's lock.
/// </summary>
internal sealed class TrackedSandbox
{
    public TrackedSandbox(Sandbox sandbox, bool createdByTools, DateTimeOffset since)
    {
        Sandbox = sandbox;
        Id = sandbox.Id;
        CreatedByTools = createdByTools;
        Since = since;
        Tier = sandbox.Tier?.ToString();
    }

    public Sandbox Sandbox { get; }

    public string Id { get; }

    /// <summary>Whether the tools created it (then they may terminate it, and do when disposed).</summary>
    public bool CreatedByTools { get; }

    /// <summary>When the tools created it (or first saw it).</summary>
    public DateTimeOffset Since { get; }

    public string? Tier { get; set; }

    /// <summary>The consumption when the tools first saw it; only what comes after counts against the budget.</summary>
    public long? BaselineMsats { get; set; }

    public long ConsumedMsats { get; set; }

    public long MsatsPerSecond { get; set; }

    /// <summary>Why it ended (a <see cref="SocktLimitNames"/> value, or <c>terminated</c>/<c>gone</c>), or null while alive.</summary>
    public string? EndReason { get; set; }

    public bool IsAlive => EndReason is null;

    /// <summary>What it consumed since the tools first saw it.</summary>
    public long SpentMsats => Math.Max(0, ConsumedMsats - (BaselineMsats ?? ConsumedMsats));
}
