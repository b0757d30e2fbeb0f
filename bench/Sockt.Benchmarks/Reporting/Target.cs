using System.Globalization;

namespace Sockt.Benchmarks.Reporting;

/// <summary>A target of the issue and how a row is judged against it.</summary>
internal sealed record Target(TargetKind Kind, double Limit, string Text)
{
    public static readonly Target None = new(TargetKind.None, 0, "—");

    public static Target RatioAtMost(double limit) => new(TargetKind.RatioAtMost, limit, "≤ " + limit.ToString("0.00", CultureInfo.InvariantCulture) + "×");

    public static Target RatioAtLeast(double limit) => new(TargetKind.RatioAtLeast, limit, "≥ " + limit.ToString("0.00", CultureInfo.InvariantCulture) + "×");

    public static Target ValueAtMost(double limit, string text) => new(TargetKind.ValueAtMost, limit, text);

    /// <summary>MET / MISSED with the margin, or "info".</summary>
    public string Judge(double sdk, double ratio)
    {
        switch (Kind)
        {
            case TargetKind.RatioAtMost:
                return ratio <= Limit
                    ? $"MET ({Percent(1 - ratio / Limit)} headroom)"
                    : $"MISSED by {Percent(ratio / Limit - 1)}";
            case TargetKind.RatioAtLeast:
                return ratio >= Limit
                    ? $"MET ({Percent(ratio / Limit - 1)} headroom)"
                    : $"MISSED by {Percent(1 - ratio / Limit)}";
            case TargetKind.ValueAtMost:
                if (Limit == 0)
                {
                    return sdk <= 0 ? "MET" : "MISSED";
                }

                return sdk <= Limit
                    ? $"MET ({Percent(1 - sdk / Limit)} headroom)"
                    : $"MISSED by {Percent(sdk / Limit - 1)}";
            default:
                return "info";
        }
    }

    public bool IsMissed(double sdk, double ratio) => Judge(sdk, ratio).StartsWith("MISSED", StringComparison.Ordinal);

    private static string Percent(double fraction) => (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
