namespace Sockt.Benchmarks.Hosting;

/// <summary>
/// Hands the target to BenchmarkDotNet classes. They run in this process (in-process toolchain) and are created by
/// BenchmarkDotNet, so a static is the only way in.
/// </summary>
internal static class BenchContext
{
    private static BenchTarget? target;

    public static BenchTarget Target
    {
        get => target ?? throw new InvalidOperationException("The benchmark target is not set; run the benchmarks through Program.");
        set => target = value;
    }
}
