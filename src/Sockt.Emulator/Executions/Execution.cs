using System.Diagnostics;
using System.Text.Json.Nodes;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Executions;

/// <summary>
/// One command run in a sandbox, with its buffered output. Guarded by its own lock. The output it keeps counts
/// against its own cap and against the emulator-wide <see cref="OutputBudget"/>; whatever is dropped for either sets
/// <see cref="OutputTruncated"/>.
/// </summary>
internal sealed class Execution
{
    private readonly List<OutputChunk> chunks = [];
    private readonly long maxOutputBytes;
    private readonly OutputBudget budget;
    private int consumed;
    private long outputBytes;
    private long retainedBytes;
    private bool outputCapped;
    private bool outputTruncated;

    /// <summary>The last <see cref="TailCharacters"/> characters of output, for the dashboard: kept whether or not a poll consumed them.</summary>
    private string tail = "";

    public Execution(string id, Sandbox sandbox, string callerKey, string command, ProcessGroup group, long maxOutputBytes, OutputBudget budget)
    {
        Id = id;
        Sandbox = sandbox;
        CallerKey = callerKey;
        Command = command;
        Group = group;
        this.maxOutputBytes = maxOutputBytes;
        this.budget = budget;
        StartedAt = DateTimeOffset.UtcNow;
    }

    /// <summary>How much of the latest output <see cref="OutputTail"/> keeps.</summary>
    public const int TailCharacters = 4096;

    public string Id { get; }

    public Sandbox Sandbox { get; }

    public string CallerKey { get; }

    public string Command { get; }

    public ProcessGroup Group { get; }

    public Process? Process { get; set; }

    public string Status { get; private set; } = "running";

    public int? ExitCode { get; private set; }

    public string? Error { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>The latest output of both streams, interleaved as it arrived (at most <see cref="TailCharacters"/>).</summary>
    public string OutputTail
    {
        get
        {
            lock (chunks)
            {
                return tail;
            }
        }
    }

    /// <summary>Set once both pipes reached end of file: only then is the final status reported.</summary>
    public bool OutputDrained { get; set; }

    /// <summary>
    /// Kills the execution's processes: the group (everything that joined it) and the started process itself, which
    /// may not have joined the group yet when the kill comes right after the start.
    /// </summary>
    public void KillProcesses()
    {
        Group.KillAll();
        try
        {
            Process?.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            // Already exited.
        }
    }

    public bool IsRunning
    {
        get
        {
            lock (chunks)
            {
                return Status == "running";
            }
        }
    }

    /// <summary>Whether some output was dropped: over the execution's cap, over the emulator's total, or evicted.</summary>
    public bool OutputTruncated
    {
        get
        {
            lock (chunks)
            {
                return outputTruncated;
            }
        }
    }

    public void Append(string stream, string text, int byteCount)
    {
        lock (chunks)
        {
            var joined = tail + text;
            tail = joined.Length <= TailCharacters ? joined : joined[^TailCharacters..];
        }

        // Taken before this execution's lock: evicting takes other executions' locks, never while holding one.
        if (!budget.TryTake(byteCount))
        {
            lock (chunks)
            {
                outputTruncated = true;
            }

            return;
        }

        lock (chunks)
        {
            if (outputCapped)
            {
                budget.Give(byteCount);
                return;
            }

            if (outputBytes + byteCount > maxOutputBytes)
            {
                outputCapped = true;
                outputTruncated = true;
                budget.Give(byteCount);
                chunks.Add(new OutputChunk("stderr", $"\n[sockt-emulator: output exceeded {maxOutputBytes} bytes; the rest was dropped]\n"));
                return;
            }

            outputBytes += byteCount;
            retainedBytes += byteCount;
            // Merge with the previous unread chunk of the same stream so that fast producers don't create thousands of tiny chunks.
            if (chunks.Count > consumed && chunks[^1].Stream == stream && chunks[^1].Text.Length < 64 * 1024)
            {
                chunks[^1] = chunks[^1] with { Text = chunks[^1].Text + text };
            }
            else
            {
                chunks.Add(new OutputChunk(stream, text));
            }
        }
    }

    /// <summary>Drops all kept output (eviction or expiry), marking it truncated; returns the bytes it held.</summary>
    public long DropOutput()
    {
        long freed;
        lock (chunks)
        {
            freed = retainedBytes;
            outputTruncated |= chunks.Count > 0;

            chunks.Clear();
            consumed = 0;
            retainedBytes = 0;
        }

        budget.Give(freed);
        return freed;
    }

    /// <summary>Output bytes kept and not yet read.</summary>
    public long RetainedBytes
    {
        get
        {
            lock (chunks)
            {
                return retainedBytes;
            }
        }
    }

    /// <summary>Ends a running execution with the given status; false when it had already ended.</summary>
    public bool TryFinish(string status, int? exitCode, string? error)
    {
        lock (chunks)
        {
            if (Status != "running")
            {
                return false;
            }

            Status = status;
            ExitCode = exitCode;
            Error = error;
            FinishedAt = DateTimeOffset.UtcNow;
            return true;
        }
    }

    /// <summary>The poll answer. In incremental mode the returned chunks are consumed.</summary>
    public JsonObject Poll(ExecOutputMode mode)
    {
        lock (chunks)
        {
            // Until the pipes are drained a finished execution is still reported as running, so that the terminal
            // poll always carries the last output (the official CLI reads only that poll).
            var status = OutputDrained ? Status : "running";
            var from = mode == ExecOutputMode.Incremental ? consumed : 0;
            var output = new JsonArray([.. chunks.Skip(from).Select(c => (JsonNode)new JsonObject { ["stream"] = c.Stream, ["chunk"] = c.Text })]);
            if (mode == ExecOutputMode.Incremental)
            {
                chunks.Clear();
                consumed = 0;
                budget.Give(retainedBytes);
                retainedBytes = 0;
            }

            var result = new JsonObject
            {
                ["execution_id"] = Id,
                ["status"] = status,
                ["output"] = output,
                ["exit_code"] = status == "running" ? null : ExitCode,
            };
            if (status != "running" && Error is not null)
            {
                result["error"] = Error;
            }

            if (outputTruncated)
            {
                // Emulator extension (docs/emulator.md): present only when output was dropped.
                result["output_truncated"] = true;
            }

            return result;
        }
    }
}
