using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sockt.Benchmarks.Hosting;
using Sockt.Benchmarks.Reporting;

namespace Sockt.Benchmarks.Cases;

/// <summary>Case 3: write then read a binary file of 1, 10 and 50 MiB, SDK against the raw floor, one child process each.</summary>
internal static class FileTransferCase
{
    private const double MiB = 1024 * 1024;

    public static async Task RunAsync(BenchTarget target, BenchReport report, bool quick, CancellationToken cancellationToken)
    {
        (int Mib, int Repetitions)[] sizes = quick ? [(1, 3), (10, 2), (50, 1)] : [(1, 9), (10, 5), (50, 3)];
        var peakReset = true;
        foreach (var (mib, repetitions) in sizes)
        {
            var bytes = mib * 1024L * 1024;
            var raw = await RunChildAsync(target, "raw", bytes, repetitions, cancellationToken);
            var sdk = await RunChildAsync(target, "sdk", bytes, repetitions, cancellationToken);
            peakReset &= raw.PeakWasReset && sdk.PeakWasReset;
            var name = $"3 file {mib} MiB write+read";
            report.Add(new ResultRow(name, "throughput", 2 * bytes / MiB / sdk.MedianSeconds, 2 * bytes / MiB / raw.MedianSeconds, "raw", "MiB/s", Target.RatioAtLeast(0.8)));
            report.Add(new ResultRow(name, "peak memory (Δ RSS)", sdk.PeakIncrease / MiB, raw.PeakIncrease / MiB, "raw", "MiB", Target.ValueAtMost(3 * mib, $"SDK ≤ 3× file = {3 * mib} MiB")));
            report.Add(new ResultRow(name, "allocated/op", sdk.AllocatedPerRepetition / MiB, raw.AllocatedPerRepetition / MiB, "raw", "MiB", Target.None));
        }

        report.Method(
            "**3 files**: a fresh child process per (client, size) writes then reads back a random binary file (1, 10, 50 MiB) " +
            "through the documented JSON endpoints (base64), verifying the bytes outside the timed span. Throughput = 2 × size ÷ " +
            "median(write + read time) over " + string.Join("/", sizes.Select(s => s.Repetitions)) + " repetitions after a 64 KiB warm-up. " +
            "Peak memory = VmHWM − VmRSS of the child around the first measured repetition, the peak being reset just before it " +
            "(`echo 5 > /proc/self/clear_refs`" + (peakReset ? string.Empty : "; NOT available here, so the peak is since process start") + "); " +
            "the file's own bytes are allocated before, so Δ counts only the transfer (the returned copy included). " +
            "The emulator runs in another process. Raw floor: the write body is one exactly-sized UTF-8 buffer with the base64 " +
            "encoded in place; the read body is read into one buffer of its Content-Length and decoded from UTF-8 with Utf8JsonReader.GetBytesFromBase64.");
    }

    private static async Task<FileTransferResult> RunChildAsync(BenchTarget target, string client, long bytes, int repetitions, CancellationToken cancellationToken)
    {
        var start = SelfProcess.CreateStartInfo("--files-child", client, bytes.ToString(CultureInfo.InvariantCulture), repetitions.ToString(CultureInfo.InvariantCulture));
        start.Environment[FileTransferChild.UrlVariable] = target.BaseUrl.ToString();
        start.Environment[FileTransferChild.KeyVariable] = target.ApiKey;
        start.Environment[FileTransferChild.SandboxVariable] = target.SandboxId;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the file-transfer child.");
        process.StandardInput.Close();
        FileTransferResult? result = null;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(FileTransferChild.ResultPrefix, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<FileTransferResult>(line[FileTransferChild.ResultPrefix.Length..]);
            }
            else
            {
                Console.WriteLine("  [files-child] " + line);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"The file-transfer child ({client}, {bytes} bytes) failed with exit code {process.ExitCode}.");
        }

        Console.WriteLine($"[bench] files {client} {bytes / MiB:0} MiB: {result.MedianSeconds * 1000:0} ms, Δ peak {result.PeakIncrease / MiB:0} MiB, allocated {result.AllocatedPerRepetition / MiB:0} MiB/op");
        return result;
    }
}
