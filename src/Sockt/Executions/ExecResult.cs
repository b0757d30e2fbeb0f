using System.Text;
using Sockt.Models;

namespace Sockt;

/// <summary>
/// The state of an execution: from one poll (<see cref="Sandbox.GetExecutionResultAsync"/>: only what that poll returned) or
/// the assembled end result (<see cref="Sandbox.ExecAsync"/>: all output, in order, without duplicates).
/// Build one in tests with <see cref="SocktModelFactory.ExecResult"/>.
/// </summary>
public class ExecResult
{
    /// <summary>For mocking frameworks.</summary>
    protected ExecResult()
    {
        Output = [];
        ExecutionId = string.Empty;
    }

    internal ExecResult(string? executionId, ExecutionState? status, IReadOnlyList<OutputChunk> output, int? exitCode, string? error, PendingInvoice? pendingInvoice, bool outputTruncated)
    {
        ExecutionId = executionId ?? string.Empty;
        Status = status;
        Output = output;
        ExitCode = exitCode;
        Error = error;
        PendingInvoice = pendingInvoice;
        OutputTruncated = outputTruncated;
    }

    /// <summary>The execution id.</summary>
    public virtual string ExecutionId { get; }

    /// <summary>The state: <see cref="ExecutionState.Running"/>, <see cref="ExecutionState.Completed"/>, <see cref="ExecutionState.Failed"/> or <see cref="ExecutionState.Cancelled"/> (an open set).</summary>
    public virtual ExecutionState? Status { get; }

    /// <summary>The output chunks, in order.</summary>
    public virtual IReadOnlyList<OutputChunk> Output { get; }

    /// <summary>The process exit code; <see langword="null"/> while running.</summary>
    public virtual int? ExitCode { get; }

    /// <summary>Why the execution failed, when it did.</summary>
    public virtual string? Error { get; }

    /// <summary>An invoice to pay when the execution needs payment (Lightning).</summary>
    public virtual PendingInvoice? PendingInvoice { get; }

    /// <summary>
    /// Whether some of the output was dropped before it reached this result, so <see cref="Output"/> is not all the
    /// command wrote (Sockt.Emulator sets this when its retained-output cap is hit; the hosted service never does).
    /// </summary>
    public virtual bool OutputTruncated { get; }

    /// <summary>All standard-output chunks joined.</summary>
    public virtual string Stdout => Join(OutputStream.Stdout);

    /// <summary>All standard-error chunks joined.</summary>
    public virtual string Stderr => Join(OutputStream.Stderr);

    /// <summary>Whether the status is <c>completed</c> (the command ran to its end; check <see cref="ExitCode"/>).</summary>
    public virtual bool IsCompleted => Status == ExecutionState.Completed;

    /// <summary>Whether the execution is over (any state but running): polling it again will not change it.</summary>
    public virtual bool IsTerminal => ExecutionState.IsTerminal(Status);

    /// <summary>Describes the result without its output.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"ExecResult(ExecutionId={ExecutionId}, Status={Status}, ExitCode={ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}, Chunks={Output.Count})";

    private string Join(OutputStream stream)
    {
        var builder = new StringBuilder();
        foreach (var chunk in Output)
        {
            // A chunk without a stream name reads as stdout (see OutputChunk.Stream).
            if (chunk.Stream == stream)
            {
                builder.Append(chunk.Chunk);
            }
        }

        return builder.ToString();
    }
}
