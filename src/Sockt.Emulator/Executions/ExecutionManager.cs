using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Sockt.Emulator.Http;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Executions;

/// <summary>Starts commands in sandboxes, buffers their output and answers polls and cancels.</summary>
internal sealed class ExecutionManager : IAsyncDisposable
{
    private readonly SocktEmulatorOptions options;
    private readonly SandboxLauncher launcher;
    private readonly SpawnerThread spawner;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, Execution> executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> monitors = new();
    private readonly CancellationTokenSource shutdown = new();
    private readonly Task cleanupLoop;
    private readonly Lock startGate = new();
    private readonly OutputBudget outputBudget;

    public ExecutionManager(SocktEmulatorOptions options, SandboxManager sandboxes, SandboxLauncher launcher, SpawnerThread spawner, ILogger logger)
    {
        this.options = options;
        this.launcher = launcher;
        this.spawner = spawner;
        this.logger = logger;
        outputBudget = new OutputBudget(options.MaxRetainedOutputBytes, EvictFinishedOutput);
        sandboxes.SandboxStopping += OnSandboxStopping;
        cleanupLoop = Task.Run(CleanupLoopAsync);
    }

    public async Task<Execution> StartAsync(Credential caller, Sandbox sandbox, string command, string workingDirectory, int timeoutMs)
    {
        Execution execution;
        lock (startGate)
        {
            var running = executions.Values.Count(e => e.CallerKey == caller.CallerKey && e.IsRunning);
            if (running >= options.MaxConcurrentExecutions)
            {
                throw new ApiException(
                    StatusCodes.Status429TooManyRequests,
                    "too_many_executions",
                    $"more than {options.MaxConcurrentExecutions} concurrent executions",
                    "Wait for running executions to finish or cancel them");
            }

            var id = NewId();
            execution = new Execution(id, sandbox, caller.CallerKey, command, sandbox.Processes.CreateChild(id), options.MaxExecutionOutputBytes, outputBudget);
            executions[id] = execution;
        }

        // The kernel's limit counters before the command runs: what rises while it runs is reported in its result.
        var countersBefore = sandbox.Cgroups?.Read();
        var spec = launcher.Build(sandbox, workingDirectory, ["/bin/bash", "-lc", command], execution.Group, terminal: false);
        var start = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing of the emulator's environment (API keys included) reaches the sandbox.
        start.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = await spawner.RunAsync(() => Process.Start(start)!);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // The reason stays in the log: its message names host paths.
            logger.LogWarning(e, "Execution {ExecutionId} could not start", execution.Id);
            execution.TryFinish("failed", null, "could not start the command");
            execution.OutputDrained = true;
            execution.Group.Release();
            return execution;
        }

        execution.Process = process;
        execution.Group.Track(process.Id);
        process.StandardInput.Close();
        if (!execution.IsRunning)
        {
            // Cancelled (or its sandbox terminated) while it was being started.
            execution.KillProcesses();
        }

        var monitor = MonitorAsync(execution, process, timeoutMs, countersBefore);
        monitors[monitor] = true;
        _ = monitor.ContinueWith(t => monitors.TryRemove(t, out _), TaskScheduler.Default);
        return execution;
    }

    /// <summary>The execution if <paramref name="caller"/> started it: 404 when unknown or expired, 403 otherwise.</summary>
    public Execution GetOwned(Credential caller, string executionId)
    {
        if (!executions.TryGetValue(executionId, out var execution))
        {
            throw ApiException.NotFound("execution not found (unknown, or finished more than " + options.ExecutionRetention.TotalMinutes + " minutes ago)");
        }

        return execution.CallerKey == caller.CallerKey
            ? execution
            : throw ApiException.Forbidden(
                "execution belongs to another caller",
                "Ensure your request Authorization header matches the credential used to start this execution");
    }

    /// <summary>The sandbox's latest executions still kept (finished ones stay for <see cref="SocktEmulatorOptions.ExecutionRetention"/>), newest first.</summary>
    public IReadOnlyList<Execution> Latest(Sandbox sandbox, int count) =>
        [.. executions.Values.Where(e => ReferenceEquals(e.Sandbox, sandbox)).OrderByDescending(e => e.StartedAt).Take(count)];

    public void Cancel(Execution execution)
    {
        if (execution.TryFinish("cancelled", null, null))
        {
            execution.KillProcesses();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await shutdown.CancelAsync();
        foreach (var execution in executions.Values.Where(e => e.IsRunning))
        {
            execution.TryFinish("failed", null, "the emulator stopped");
            execution.KillProcesses();
        }

        try
        {
            await Task.WhenAll(monitors.Keys.Append(cleanupLoop)).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }

        shutdown.Dispose();
    }

    private async Task MonitorAsync(Execution execution, Process process, int timeoutMs, LimitCounters? countersBefore)
    {
        try
        {
            var stdout = PumpAsync(execution, process.StandardOutput.BaseStream, "stdout");
            var stderr = PumpAsync(execution, process.StandardError.BaseStream, "stderr");
            var exited = process.WaitForExitAsync(CancellationToken.None);
            using var timeout = new CancellationTokenSource();
            var timer = Task.Delay(timeoutMs, timeout.Token);
            if (await Task.WhenAny(exited, timer) == timer && execution.TryFinish("failed", null, $"execution timed out after {timeoutMs} ms"))
            {
                execution.KillProcesses();
            }

            await timeout.CancelAsync();
            await exited;
            // Whatever the command left running in the background ends with it (bwrap's PID namespace does the
            // same), and the pipes it held reach end of file.
            execution.Group.KillAll();
            await Task.WhenAll(stdout, stderr);
            if (countersBefore is { } before && execution.Sandbox.Cgroups?.LimitHitSince(before) is { } limitHit)
            {
                // The kernel refused a fork or killed a process of the sandbox while this command ran (docs/emulator.md, "Limits").
                execution.TryFinish("failed", process.ExitCode, limitHit);
            }

            execution.TryFinish("completed", process.ExitCode, null);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Execution {ExecutionId} failed in the emulator", execution.Id);
            execution.TryFinish("failed", null, "emulator error");
        }
        finally
        {
            execution.OutputDrained = true;
            execution.Group.Release();
            process.Dispose();
        }
    }

    private static async Task PumpAsync(Execution execution, Stream stream, string name)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            // The decoder keeps a multi-byte character split across reads for the next read.
            var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            if (count > 0)
            {
                execution.Append(name, new string(chars, 0, count), read);
            }
        }

        var tail = decoder.GetChars([], 0, 0, chars, 0, flush: true);
        if (tail > 0)
        {
            execution.Append(name, new string(chars, 0, tail), 0);
        }
    }

    private void OnSandboxStopping(Sandbox sandbox)
    {
        foreach (var execution in executions.Values.Where(e => ReferenceEquals(e.Sandbox, sandbox)))
        {
            if (execution.TryFinish("failed", null, "the sandbox was terminated"))
            {
                execution.KillProcesses();
            }
        }
    }

    private async Task CleanupLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(shutdown.Token))
            {
                var cutoff = DateTimeOffset.UtcNow - options.ExecutionRetention;
                foreach (var (id, execution) in executions)
                {
                    if (execution.OutputDrained && execution.FinishedAt < cutoff && executions.TryRemove(id, out _))
                    {
                        execution.DropOutput();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Drops the unread output of the oldest finished executions until <paramref name="needed"/> bytes are freed.</summary>
    private long EvictFinishedOutput(long needed)
    {
        var freed = 0L;
        var oldestFirst = executions.Values
            .Where(e => e.OutputDrained && e.RetainedBytes > 0)
            .OrderBy(e => e.FinishedAt)
            .ToList();
        foreach (var execution in oldestFirst)
        {
            if (freed >= needed)
            {
                break;
            }

            freed += execution.DropOutput();
        }

        return freed;
    }

    private string NewId()
    {
        string id;
        do
        {
            id = "exec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        }
        while (executions.ContainsKey(id));

        return id;
    }
}
