using System.Diagnostics;
using System.Text.Json;

namespace Sockt.Benchmarks.Hosting;

/// <summary>The orchestrator's handle on the `--serve` child process: start, read its address, stop.</summary>
internal sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process process;

    private EmulatorProcess(Process process, Uri baseUrl, string isolation)
    {
        this.process = process;
        BaseUrl = baseUrl;
        Isolation = isolation;
    }

    public Uri BaseUrl { get; }

    public string Isolation { get; }

    public int ProcessId => process.Id;

    /// <param name="apiKeys">The keys the emulator accepts.</param>
    /// <param name="cancellationToken">Stops waiting for it to listen.</param>
    /// <param name="rateLimitPerMinute">The emulator's rate limit per credential; 0 (the default) turns it off.</param>
    public static async Task<EmulatorProcess> StartAsync(IReadOnlyList<string> apiKeys, CancellationToken cancellationToken, int rateLimitPerMinute = 0)
    {
        var start = SelfProcess.CreateStartInfo("--serve");
        start.Environment[EmulatorServer.KeysVariable] = string.Join(',', apiKeys);
        start.Environment[EmulatorServer.RateLimitVariable] = rateLimitPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The emulator's own executable is a Web SDK app and so runs with the server GC; so does this host of it.
        // (This console app's workstation GC made the 50 MiB file transfers vary 4× from one repetition to the next.)
        start.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator process.");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException("The emulator process exited before listening (exit code " + (process.HasExited ? process.ExitCode : -1) + ").");
                if (line.StartsWith(EmulatorServer.ReadyPrefix, StringComparison.Ordinal))
                {
                    var parts = line[EmulatorServer.ReadyPrefix.Length..].Split(' ');
                    return new EmulatorProcess(process, new Uri(parts[0]), parts.Length > 1 ? parts[1] : "unknown");
                }
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>Has the server run a full compacting garbage collection, and waits until it has.</summary>
    public Task CollectGarbageAsync(CancellationToken cancellationToken) =>
        CommandAsync(EmulatorServer.CollectCommand, EmulatorServer.CollectedLine, cancellationToken);

    /// <summary>The server's allocation counter and resident memory now.</summary>
    public async Task<EmulatorStats> StatsAsync(CancellationToken cancellationToken)
    {
        var line = await CommandAsync(EmulatorServer.StatsCommand, EmulatorServer.StatsPrefix, cancellationToken);
        return JsonSerializer.Deserialize<EmulatorStats>(line[EmulatorServer.StatsPrefix.Length..])
            ?? throw new InvalidOperationException("The emulator process printed empty stats.");
    }

    /// <summary>Resets the server's peak resident memory to its current one; false when the kernel does not allow it.</summary>
    public async Task<bool> ResetPeakAsync(CancellationToken cancellationToken) =>
        await CommandAsync(EmulatorServer.ResetPeakCommand, EmulatorServer.PeakResetLine, cancellationToken) == EmulatorServer.PeakResetLine;

    /// <summary>Sends one command line and returns the first answer line that starts with <paramref name="answer"/>.</summary>
    private async Task<string> CommandAsync(string command, string answer, CancellationToken cancellationToken)
    {
        await process.StandardInput.WriteLineAsync(command.AsMemory(), cancellationToken);
        await process.StandardInput.FlushAsync(cancellationToken);
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(answer, StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException("The emulator process exited.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
        finally
        {
            process.Dispose();
        }
    }
}
