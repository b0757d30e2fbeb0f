using System.Diagnostics;
using System.Globalization;
using Sockt.Benchmarks.Cases;
using Sockt.Benchmarks.Hosting;
using Sockt.Benchmarks.Reporting;

namespace Sockt.Benchmarks;

/// <summary>
/// Entry point. Without a mode it runs every case and writes the report:
/// <c>Sockt.Benchmarks [--out bench/RESULTS.md] [--quick] [--cases 1,2,3,4,5]</c>.
/// The other modes are child processes it starts itself: <c>--serve</c> and <c>--files-child</c>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--serve")
        {
            return await EmulatorServer.RunAsync();
        }

        if (args.Length == 4 && args[0] == "--files-child")
        {
            return await FileTransferChild.RunAsync(args[1], long.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        }

        var output = Option(args, "--out") ?? Path.Combine("bench", "RESULTS.md");
        var quick = args.Contains("--quick");
        var cases = (Option(args, "--cases") ?? "1,2,3,4,5").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        return await RunAllAsync(Path.GetFullPath(output), quick, cases);
    }

    private static async Task<int> RunAllAsync(string output, bool quick, IReadOnlySet<string> cases)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        var cancellationToken = cancellation.Token;
        var machine = MachineInfo.Capture();
        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        var report = new BenchReport();
        var artifacts = Path.Combine(Path.GetTempPath(), "sockt-bench-" + Environment.ProcessId);
        Console.WriteLine($"[bench] {machine}");

        // Key 0 for cases 1-4, keys 1..20 for the capacity sandboxes (one credential each). Local secrets of this run.
        var keys = Enumerable.Range(0, 21).Select(_ => "sockt_live_" + Guid.NewGuid().ToString("D")).ToArray();
        string isolation;
        await using (var emulator = await EmulatorProcess.StartAsync(keys, cancellationToken))
        {
            isolation = emulator.Isolation;
            Console.WriteLine($"[bench] emulator pid {emulator.ProcessId} at {emulator.BaseUrl} (isolation {isolation})");
            string sandboxId;
            using (var client = new ComputeClient(new ComputeClientOptions { ApiKey = keys[0], BaseUrl = emulator.BaseUrl }))
            {
                var sandbox = await client.CreateSandboxAsync("nano", label: "bench", cancellationToken: cancellationToken);
                await sandbox.WaitUntilRunningAsync(cancellationToken: cancellationToken);
                sandboxId = sandbox.Id;
            }

            var target = new BenchTarget(emulator.BaseUrl, keys, sandboxId);
            BenchContext.Target = target;
            await RunCaseAsync(report, cases, "1", () => { HttpCases.RunStatus(report, artifacts, quick); return Task.CompletedTask; });
            await RunCaseAsync(report, cases, "2", async () =>
            {
                HttpCases.RunExec(report, artifacts, quick);
                await HttpCases.RunBudgetAsync(report, quick, cancellationToken);
            });
            await RunCaseAsync(report, cases, "3", () => FileTransferCase.RunAsync(target, emulator, report, quick, cancellationToken));
            await RunCaseAsync(report, cases, "4", () => ShellCase.RunAsync(target, report, quick, cancellationToken));
            await RunCaseAsync(report, cases, "5", () => EmulatorCase.RunAsync(target, report, quick, cancellationToken));
        }

        var duration = watch.Elapsed;
        var extra = new List<string>
        {
            "| Emulator | embedded with `SocktEmulator.StartAsync` in a child process (`Sockt.Benchmarks --serve`, server GC like the emulator executable): boot delay 0, rate limit off, 512 MiB request bodies, 256 MiB file reads |",
        };
        if (quick)
        {
            extra.Add("| Mode | **--quick** (fewer repetitions; for checking the harness, not for judging) |");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        await File.WriteAllTextAsync(output, report.ToMarkdown(machine, started, duration, MachineInfo.LoadAverageNow(), isolation, extra), cancellationToken);
        Console.WriteLine($"[bench] wrote {output} after {duration.TotalSeconds:0} s");
        TryDelete(artifacts);
        return 0;
    }

    private static async Task RunCaseAsync(BenchReport report, IReadOnlySet<string> cases, string number, Func<Task> run)
    {
        if (!cases.Contains(number))
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        Console.WriteLine($"[bench] case {number} ...");
        try
        {
            await run();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One broken case must not hide the others' results: it is reported as failed.
            report.Failure($"case {number}: {exception.GetType().Name}: {exception.Message}");
        }

        Console.WriteLine($"[bench] case {number} took {watch.Elapsed.TotalSeconds:0} s");
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Temporary BenchmarkDotNet files; harmless if left.
        }
    }
}
