namespace Sockt.Benchmarks.Reporting;

/// <summary>What a target bounds.</summary>
internal enum TargetKind
{
    /// <summary>No target: the row is for information.</summary>
    None,

    /// <summary>SDK ÷ baseline must be at most the limit.</summary>
    RatioAtMost,

    /// <summary>SDK ÷ baseline must be at least the limit.</summary>
    RatioAtLeast,

    /// <summary>The SDK value itself must be at most the limit (in the row's unit).</summary>
    ValueAtMost,
}
