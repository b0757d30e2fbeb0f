using System.Diagnostics;

namespace Sockt.Benchmarks.Cases;

/// <summary>How fast this host starts and reaps short processes, with a given number of concurrent workers.</summary>
internal static class HostSpawnRate
{
    /// <summary>Processes per second for <paramref name="count"/> runs of <paramref name="fileName"/> <paramref name="arguments"/>.</summary>
    public static async Task<double> MeasureAsync(string fileName, IReadOnlyList<string> arguments, int count, int workers, CancellationToken cancellationToken)
    {
        var remaining = count;
        var watch = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                var start = new ProcessStartInfo(fileName)
                {
                    UseShellExecute = false,
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                foreach (var argument in arguments)
                {
                    start.ArgumentList.Add(argument);
                }

                // The environment the emulator gives a sandbox process: nothing of ours (a login shell would otherwise
                // run this host's ~/.bashrc, e.g. pyenv, which no sandbox runs).
                start.Environment.Clear();
                start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
                start.Environment["HOME"] = "/home/sandbox";
                start.Environment["LANG"] = "C.UTF-8";

                using var process = Process.Start(start)!;
                process.StandardInput.Close();
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                await Task.WhenAll(output, error);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{fileName} exited with {process.ExitCode}: {await error}");
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(tasks);
        return count / watch.Elapsed.TotalSeconds;
    }
}
