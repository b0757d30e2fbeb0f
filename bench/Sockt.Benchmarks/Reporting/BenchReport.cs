using System.Globalization;
using System.Text;

namespace Sockt.Benchmarks.Reporting;

/// <summary>Collects the rows and notes of one run and writes RESULTS.md.</summary>
internal sealed class BenchReport
{
    private readonly List<ResultRow> rows = [];
    private readonly List<string> methods = [];
    private readonly List<(string Case, string Text)> limits = [];
    private readonly List<string> failures = [];

    public IReadOnlyList<ResultRow> Rows => rows;

    public void Add(ResultRow row)
    {
        rows.Add(row);
        Console.WriteLine($"[bench] {row.Case} | {row.Measure}: SDK {Format(row.Sdk, row.Unit)} vs {row.BaselineName} {Format(row.Baseline, row.Unit)} → {FormatRatio(row.Ratio)} {row.Verdict}");
    }

    /// <summary>Whether any row whose case starts with <paramref name="casePrefix"/> and whose measure is <paramref name="measure"/> (any when null) missed its target.</summary>
    public bool Missed(string casePrefix, string? measure = null) =>
        rows.Any(r => r.Case.StartsWith(casePrefix, StringComparison.Ordinal) && (measure is null || r.Measure == measure) && r.Missed);

    /// <summary>How a case was measured (one bullet).</summary>
    public void Method(string text) => methods.Add(text);

    /// <summary>What limits a case's result (listed in the closing note).</summary>
    public void Limit(string caseName, string text) => limits.Add((caseName, text));

    /// <summary>A case that could not run to the end.</summary>
    public void Failure(string text)
    {
        failures.Add(text);
        Console.WriteLine("[bench] FAILURE: " + text);
    }

    public string ToMarkdown(MachineInfo machine, DateTimeOffset started, TimeSpan duration, string loadAtEnd, string isolation, IEnumerable<string> extra)
    {
        var text = new StringBuilder();
        text.AppendLine("# Sockt for .NET: benchmark results");
        text.AppendLine();
        text.AppendLine("Written by `dotnet cake --target=Bench` (bench/Sockt.Benchmarks, Release). Do not edit by hand: rerun it.");
        text.AppendLine();
        text.AppendLine("## Run");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| Date (UTC) | {started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} |");
        text.AppendLine($"| Duration of the measurements | {duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s |");
        text.AppendLine($"| CPU | {machine.CpuModel}, {machine.Processors} logical processors (nproc) |");
        text.AppendLine($"| Memory | {machine.Memory} |");
        text.AppendLine($"| OS | {machine.OperatingSystem} |");
        text.AppendLine($"| .NET | {machine.Runtime} |");
        text.AppendLine($"| Load average (1/5/15 min) | {machine.LoadAverage} at start, {loadAtEnd} at end |");
        text.AppendLine($"| Emulator isolation | {isolation} |");
        foreach (var line in extra)
        {
            text.AppendLine(line);
        }

        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        text.AppendLine("Medians. Ratio = SDK ÷ baseline, both measured in this run against the same emulator.");
        text.AppendLine();
        text.AppendLine("| Case | Measure | SDK | Baseline | Ratio | Target | Verdict |");
        text.AppendLine("|---|---|---:|---:|---:|---|---|");
        foreach (var row in rows)
        {
            var baseline = double.IsNaN(row.Baseline) ? "—" : $"{Format(row.Baseline, row.Unit)} ({row.BaselineName})";
            text.AppendLine($"| {row.Case} | {row.Measure} | {Format(row.Sdk, row.Unit)} | {baseline} | {FormatRatio(row.Ratio)} | {row.Target.Text} | {row.Verdict} |");
        }

        text.AppendLine();
        var missed = rows.Where(r => r.Missed).ToList();
        text.AppendLine(missed.Count == 0 && failures.Count == 0
            ? "Every target is met."
            : $"{missed.Count} of {rows.Count(r => r.Target.Kind != TargetKind.None)} targets missed" + (failures.Count > 0 ? $"; {failures.Count} case(s) failed to run" : string.Empty) + ".");
        foreach (var failure in failures)
        {
            text.AppendLine();
            text.AppendLine("- FAILED: " + failure);
        }

        text.AppendLine();
        text.AppendLine("## How each case is measured");
        text.AppendLine();
        foreach (var method in methods)
        {
            text.AppendLine("- " + method);
        }

        text.AppendLine();
        text.AppendLine("## What limits the results");
        text.AppendLine();
        if (limits.Count == 0)
        {
            text.AppendLine("Nothing worth noting in this run.");
        }

        foreach (var (caseName, limit) in limits)
        {
            text.AppendLine($"- **{caseName}**: {limit}");
        }

        return text.ToString();
    }

    public static string FormatRatio(double ratio) =>
        double.IsNaN(ratio) ? "—" : ratio.ToString(ratio < 0.1 ? "0.000" : "0.00", CultureInfo.InvariantCulture) + "×";

    public static string Format(double value, string unit)
    {
        if (double.IsNaN(value))
        {
            return "—";
        }

        if (unit.StartsWith("of ", StringComparison.Ordinal))
        {
            return value.ToString("0", CultureInfo.InvariantCulture) + " " + unit;
        }

        var format = Math.Abs(value) >= 100 ? "0" : Math.Abs(value) >= 10 ? "0.0" : "0.00";
        return value.ToString(format, CultureInfo.InvariantCulture) + " " + unit;
    }
}
