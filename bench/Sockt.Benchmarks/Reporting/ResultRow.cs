namespace Sockt.Benchmarks.Reporting;

/// <summary>One line of the results table: a measure of the SDK beside its baseline from the same run.</summary>
/// <param name="Case">The case number and name, e.g. "1 status GET".</param>
/// <param name="Measure">What is measured, e.g. "time/op (median)".</param>
/// <param name="Sdk">The SDK's (or emulator's) value.</param>
/// <param name="Baseline">The baseline's value; NaN when there is none.</param>
/// <param name="BaselineName">What the baseline is.</param>
/// <param name="Unit">The unit of both values.</param>
/// <param name="Target">The target, judged on the ratio SDK ÷ baseline or on the SDK value.</param>
internal sealed record ResultRow(string Case, string Measure, double Sdk, double Baseline, string BaselineName, string Unit, Target Target)
{
    public double Ratio => double.IsNaN(Baseline) || Baseline == 0 ? double.NaN : Sdk / Baseline;

    public string Verdict => Target.Judge(Sdk, Ratio);

    public bool Missed => Target.IsMissed(Sdk, Ratio);
}
