namespace Sockt.Benchmarks.Cases;

/// <summary>What BenchmarkDotNet measured for one benchmark method.</summary>
/// <param name="MedianNanoseconds">Median time per operation.</param>
/// <param name="AllocatedBytesPerOperation">Bytes allocated per operation by this process (all threads).</param>
/// <param name="Samples">How many iterations the median is taken over.</param>
internal sealed record BdnMeasurement(double MedianNanoseconds, double AllocatedBytesPerOperation, int Samples);
