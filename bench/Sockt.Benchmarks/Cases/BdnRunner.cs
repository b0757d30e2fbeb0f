using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Sockt.Benchmarks.Cases;

/// <summary>
/// Runs a BenchmarkDotNet class in this process (InProcessEmitToolchain: no extra project is generated or built)
/// with a short job, and returns the median and allocations of each method.
/// </summary>
internal static class BdnRunner
{
    public const int IterationCount = 15;

    public static IReadOnlyDictionary<string, BdnMeasurement> Run<T>(string artifactsPath, bool quick)
    {
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 3 : IterationCount)
            .WithIterationTime(TimeInterval.FromMilliseconds(250))
            .WithId("Short");
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(artifactsPath)
            .WithOptions(ConfigOptions.DisableLogFile);

        var summary = BenchmarkRunner.Run<T>(config);
        if (summary.HasCriticalValidationErrors)
        {
            throw new InvalidOperationException("BenchmarkDotNet refused " + typeof(T).Name + ": " + string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        }

        var results = new Dictionary<string, BdnMeasurement>(StringComparer.Ordinal);
        foreach (var report in summary.Reports)
        {
            // A case with [Params] is keyed by method and values, e.g. "Sdk[200]".
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name + string.Concat(report.BenchmarkCase.Parameters.Items.Select(p => "[" + p.Value + "]"));
            if (!report.Success || report.ResultStatistics is null)
            {
                throw new InvalidOperationException($"{typeof(T).Name}.{name} did not run to the end (see the BenchmarkDotNet log above).");
            }

            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? double.NaN;
            results[name] = new BdnMeasurement(report.ResultStatistics.Median, allocated, report.ResultStatistics.N);
        }

        return results;
    }
}
