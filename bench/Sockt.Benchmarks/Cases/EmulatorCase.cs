using System.Diagnostics;
using Sockt.Benchmarks.Hosting;
using Sockt.Benchmarks.Raw;
using Sockt.Benchmarks.Reporting;

namespace Sockt.Benchmarks.Cases;

/// <summary>
/// Case 5: the emulator. Create → running latency (boot delay 0), and 20 sandboxes each running 10 executions at
/// once (each sandbox under its own API key, so each credential is exactly at the documented limit of 10 concurrent
/// executions), against the rate at which this host spawns <c>bash -c true</c>.
/// </summary>
internal static class EmulatorCase
{
    private const int Sandboxes = 20;
    private const int ExecutionsPerSandbox = 10;

    public static async Task RunAsync(BenchTarget target, BenchReport report, bool quick, CancellationToken cancellationToken)
    {
        await MeasureCreateAsync(target, report, quick ? 3 : 15, cancellationToken);
        await MeasureCapacityAsync(target, report, quick ? 1 : 5, cancellationToken);
    }

    private static async Task MeasureCreateAsync(BenchTarget target, BenchReport report, int runs, CancellationToken cancellationToken)
    {
        using var client = target.CreateSdkClient();
        using var raw = new RawSocktClient(target.BaseUrl, target.ApiKey);
        var sdkTimes = new List<double>();
        var rawTimes = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            // Alternate which client goes first: a terminate's clean-up may still be running when the next create starts.
            for (var turn = 0; turn < 2; turn++)
            {
                if ((turn + run) % 2 == 0)
                {
                    rawTimes.Add(await RawCreateToRunningAsync(raw, cancellationToken));
                }
                else
                {
                    sdkTimes.Add(await SdkCreateToRunningAsync(client, cancellationToken));
                }
            }
        }

        var createRow = new ResultRow("5 emulator create → running", "latency", Stats.Median(sdkTimes), Stats.Median(rawTimes), "raw create + immediate polls", "ms", Target.None);
        report.Add(createRow);
        report.Method(
            $"**5 create → running**: boot delay 0. SDK = CreateSandboxAsync + WaitUntilRunningAsync (defaults: status, then the " +
            $"data-plane probe GET /files?path=.); raw = POST /v1/sandboxes, GET status until running, then the same probe, no pause. " +
            $"{runs} runs each, the order alternating, median; each sandbox is terminated outside the timed span.");
    }

    private static async Task<double> RawCreateToRunningAsync(RawSocktClient raw, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var (id, status) = await raw.CreateSandboxAsync("nano", cancellationToken);
        while (status != "running")
        {
            status = (await raw.GetStatusAsync(id, cancellationToken)).Status;
        }

        while (!await raw.ProbeDataPlaneAsync(id, cancellationToken))
        {
        }

        var elapsed = watch.Elapsed.TotalMilliseconds;
        await raw.TerminateAsync(id, cancellationToken);
        return elapsed;
    }

    private static async Task<double> SdkCreateToRunningAsync(ComputeClient client, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var sandbox = await client.CreateSandboxAsync("nano", cancellationToken: cancellationToken);
        await sandbox.WaitUntilRunningAsync(cancellationToken: cancellationToken);
        var elapsed = watch.Elapsed.TotalMilliseconds;
        await sandbox.TerminateAsync(cancellationToken: cancellationToken);
        return elapsed;
    }

    private static async Task MeasureCapacityAsync(BenchTarget target, BenchReport report, int rounds, CancellationToken cancellationToken)
    {
        var clients = Enumerable.Range(1, Sandboxes).Select(i => target.CreateSdkClient(target.ApiKeys[i])).ToArray();
        try
        {
            var sandboxes = await Task.WhenAll(clients.Select(async c =>
            {
                var sandbox = await c.CreateSandboxAsync("nano", cancellationToken: cancellationToken);
                await sandbox.WaitUntilRunningAsync(cancellationToken: cancellationToken);
                return sandbox;
            }));

            // One warm-up execution per sandbox (first login shell of each home).
            await Task.WhenAll(sandboxes.Select(s => s.ExecAsync("true", cancellationToken: cancellationToken)));

            var rates = new List<double>();
            var errors = 0;
            var firstError = (string?)null;
            for (var round = 0; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                var outcomes = await Task.WhenAll(sandboxes.SelectMany(s => Enumerable.Range(0, ExecutionsPerSandbox).Select(i => RunOneAsync(s, cancellationToken))));
                rates.Add(outcomes.Length / watch.Elapsed.TotalSeconds);
                foreach (var outcome in outcomes.Where(o => o is not null))
                {
                    errors++;
                    firstError ??= outcome;
                }
            }

            var workers = Environment.ProcessorCount * 2;
            var hostRate = await HostSpawnRate.MeasureAsync("/bin/bash", ["-c", "true"], 400, workers, cancellationToken);
            var bwrapRate = File.Exists("/usr/bin/bwrap")
                ? await HostSpawnRate.MeasureAsync("/usr/bin/bwrap", ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--tmpfs", "/root", "--tmpfs", "/home", "--new-session", "--", "/bin/bash", "-lc", "echo hi"], 100, workers, cancellationToken)
                : double.NaN;

            var total = Sandboxes * ExecutionsPerSandbox;
            report.Add(new ResultRow($"5 emulator {Sandboxes} sandboxes × {ExecutionsPerSandbox} concurrent", "errors", errors, double.NaN, "", $"of {total * rounds}", Target.ValueAtMost(0, "0 errors")));
            report.Add(new ResultRow($"5 emulator {Sandboxes} sandboxes × {ExecutionsPerSandbox} concurrent", "executions/s", Stats.Median(rates), hostRate, "host `bash -c true` spawns/s", "/s", Target.None));
            if (!double.IsNaN(bwrapRate))
            {
                report.Add(new ResultRow($"5 emulator {Sandboxes} sandboxes × {ExecutionsPerSandbox} concurrent", "executions/s vs bwrap", Stats.Median(rates), bwrapRate, "host `bwrap … bash -lc 'echo hi'` spawns/s", "/s", Target.None));
            }

            report.Limit("5 capacity (no target)",
                "each execution is a bwrap sandbox plus a login shell (`bash -lc`, which reads /etc/profile): the bwrap row is the " +
                "host's own rate for exactly that with " + workers + " parallel workers, already ~0.2× of a plain `bash -c true`. On top, " +
                "the emulator starts every process from one thread (SpawnerThread: bubblewrap's --die-with-parent is tied to the " +
                "forking thread, so one fork/exec at a time), 200 concurrent executions share 2 cores with the emulator's HTTP " +
                "handling and the client, and each ExecAsync polls on the schedule of case 2 (1 ms apart at first, then 15 % of the " +
                "command's age, stretched as its credential's budget runs low), so an execution " +
                "holds its slot until the next poll after it ends.");
            if (firstError is not null)
            {
                report.Failure($"case 5: {errors} execution(s) failed; first: {firstError}");
            }

            report.Method(
                $"**5 capacity**: {Sandboxes} running sandboxes, each created under its own API key (the limit of 10 concurrent " +
                $"executions is per credential), each running {ExecutionsPerSandbox} `ExecAsync(\"echo hi\")` at once: {total} " +
                $"executions per round, {rounds} round(s) after one warm-up execution per sandbox; executions/s = {total} ÷ round wall time, median. " +
                $"An error is any exception, a non-`completed` state or stdout other than `hi`. Host baseline: 400 × `/bin/bash -c true` " +
                $"(Process.Start with redirected pipes and the sandbox environment, as the emulator does) with {workers} concurrent workers; also 100 × bwrap with the " +
                $"emulator's namespace flags running `bash -lc 'echo hi'` (what one execution costs at the least).");
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    private static async Task<string?> RunOneAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        try
        {
            var result = await sandbox.ExecAsync("echo hi", cancellationToken: cancellationToken);
            return result.IsCompleted && result.Stdout == "hi\n" ? null : $"{result.Status}, exit {result.ExitCode}, stdout '{result.Stdout}', error '{result.Error}'";
        }
        catch (SocktException exception)
        {
            return exception.GetType().Name + ": " + exception.Message;
        }
    }
}
