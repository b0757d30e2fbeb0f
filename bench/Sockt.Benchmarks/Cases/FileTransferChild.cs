using System.Diagnostics;
using System.Text.Json;
using Sockt.Benchmarks.Raw;

namespace Sockt.Benchmarks.Cases;

/// <summary>
/// The `--files-child raw|sdk-bytes|sdk-stream BYTES REPS` mode: a fresh process that writes then reads a random binary
/// file REPS times through one client, and prints a <see cref="FileTransferResult"/>. One process per (client, size), so
/// the peak resident memory belongs to that client and that size alone (the emulator runs in another process).
/// <c>sdk-bytes</c> uses WriteFileAsync(ReadOnlyMemory) and ReadFileBytesAsync (a byte[] back, as the raw floor);
/// <c>sdk-stream</c> uses WriteFileAsync(Stream) from a MemoryStream over the file and ReadFileToStreamAsync into a
/// stream that checks the bytes as they come (so the file is never held twice).
/// </summary>
internal static class FileTransferChild
{
    public const string UrlVariable = "SOCKT_BENCH_URL";
    public const string KeyVariable = "SOCKT_BENCH_KEY";
    public const string SandboxVariable = "SOCKT_BENCH_SANDBOX";
    public const string ResultPrefix = "SOCKT_BENCH_RESULT ";

    /// <summary>Every client writes here: one file at a time fits the bench sandbox's home (nano: 256 MiB).</summary>
    public const string FilePath = "bench/files/transfer.bin";

    public static async Task<int> RunAsync(string client, long bytes, int repetitions)
    {
        var url = new Uri(Environment.GetEnvironmentVariable(UrlVariable)!);
        var key = Environment.GetEnvironmentVariable(KeyVariable)!;
        var sandboxId = Environment.GetEnvironmentVariable(SandboxVariable)!;
        var data = new byte[bytes];
        new Random(42).NextBytes(data);
        const string path = FilePath;

        using var raw = new RawSocktClient(url, key);
        // The bench's emulator has its rate limit off, and the floor has no budget: neither has the SDK here (with the
        // default 300/min budget the 31 repetitions at 1 MiB would wait for their turn after the first 60 requests).
        using var sdkClient = new ComputeClient(new ComputeClientOptions { ApiKey = key, BaseUrl = url, RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 0 } });
        Func<ReadOnlyMemory<byte>, string, Task> write;
        // Reads and checks the file; what it returns is kept until the check outside the timed span.
        Func<ReadOnlyMemory<byte>, string, Task<Action>> read;
        switch (client)
        {
            case "sdk-bytes":
            {
                var sandbox = await sdkClient.GetSandboxAsync(sandboxId);
                write = (content, target) => sandbox.WriteFileAsync(target, content);
                read = async (expected, target) =>
                {
                    var back = await sandbox.ReadFileBytesAsync(target);
                    return () => Verify(expected, back);
                };
                break;
            }

            case "sdk-stream":
            {
                var sandbox = await sdkClient.GetSandboxAsync(sandboxId);
                write = async (content, target) =>
                {
                    var source = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
                        ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
                        : throw new InvalidOperationException("The file is not an array.");
                    await sandbox.WriteFileAsync(target, source);
                };
                read = async (expected, target) =>
                {
                    var destination = new VerifyingStream(expected);
                    await sandbox.ReadFileToStreamAsync(target, destination);
                    return destination.CheckComplete;
                };
                break;
            }

            case "raw":
            {
                var files = new RawFileClient(raw.Http);
                write = (content, target) => files.WriteAsync(sandboxId, target, content);
                read = async (expected, target) =>
                {
                    var back = await files.ReadAsync(sandboxId, target);
                    return () => Verify(expected, back);
                };
                break;
            }

            default:
                throw new ArgumentException("Unknown client " + client, nameof(client));
        }

        // Warm-up: JIT, connection, buffers of a small transfer.
        var small = data.AsMemory(0, (int)Math.Min(bytes, 64 * 1024));
        for (var i = 0; i < 2; i++)
        {
            await write(small, path + ".warmup");
            (await read(small, path + ".warmup"))();
        }

        FullCollect();
        var peakReset = ProcessMemory.TryResetPeak();
        var residentBefore = ProcessMemory.Resident();
        var writeSeconds = new List<double>();
        var readSeconds = new List<double>();
        long writeAllocated = 0;
        long readAllocated = 0;
        long? peak = null;
        for (var i = 0; i < repetitions; i++)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            await write(data, path);
            writeSeconds.Add(watch.Elapsed.TotalSeconds);
            var afterWrite = GC.GetTotalAllocatedBytes(precise: true);
            watch.Restart();
            Action? check = await read(data, path);
            readSeconds.Add(watch.Elapsed.TotalSeconds);
            writeAllocated += afterWrite - allocated;
            readAllocated += GC.GetTotalAllocatedBytes(precise: true) - afterWrite;

            // The peak of the first repetition: later ones would also count memory the GC keeps from earlier ones.
            peak ??= ProcessMemory.PeakResident();
            check();
            check = null;
            FullCollect();
        }

        var result = new FileTransferResult(
            client,
            bytes,
            Reporting.Stats.Median(writeSeconds.Zip(readSeconds, (w, r) => w + r)),
            writeSeconds.Zip(readSeconds, (w, r) => w + r).Min(),
            writeSeconds.Zip(readSeconds, (w, r) => w + r).Max(),
            Reporting.Stats.Median(writeSeconds),
            Reporting.Stats.Median(readSeconds),
            residentBefore,
            peak ?? ProcessMemory.PeakResident(),
            peakReset,
            writeAllocated / (double)repetitions,
            readAllocated / (double)repetitions);
        Console.Out.WriteLine($"{client} {bytes >> 20} MiB writes [{string.Join(' ', writeSeconds.Select(x => (x * 1000).ToString("0")))}] reads [{string.Join(' ', readSeconds.Select(x => (x * 1000).ToString("0")))}] ms");
        Console.Out.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        return 0;
    }

    private static void Verify(ReadOnlyMemory<byte> expected, byte[] actual)
    {
        if (!expected.Span.SequenceEqual(actual))
        {
            throw new InvalidOperationException($"The file read back differs from the one written ({actual.Length} vs {expected.Length} bytes).");
        }
    }

    private static void FullCollect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
