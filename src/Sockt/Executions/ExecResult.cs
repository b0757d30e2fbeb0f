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

    internal ExecResult(string? executionId, string? status, IReadOnlyList<OutputChunk> output, int? exitCode, string? error, PendingInvoice? pendingInvoice)
    {
        ExecutionId = executionId ?? string.Empty;
        Status = status;
        Output = output;
        ExitCode = exitCode;
        Error = error;
        PendingInvoice = pendingInvoice;
    }

    /// <summary>The execution id.</summary>
    public virtual string ExecutionId { get; }

    /// <summary><c>running</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c> (see <see cref="ExecutionStates"/>; an open set).</summary>
    public virtual string? Status { get; }

    /// <summary>The output chunks, in order.</summary>
    public virtual IReadOnlyList<OutputChunk> Output { get; }

    /// <summary>The process exit code; <see langword="null"/> while running.</summary>
    public virtual int? ExitCode { get; }

    /// <summary>Why the execution failed, when it did.</summary>
    public virtual string? Error { get; }

    /// <summary>An invoice to pay when the execution needs payment (Lightning).</summary>
    public virtual PendingInvoice? PendingInvoice { get; }

    /// <summary>All standard-output chunks joined.</summary>
    public virtual string Stdout => Join(OutputStreams.Stdout);

    /// <summary>All standard-error chunks joined.</summary>
    public virtual string Stderr => Join(OutputStreams.Stderr);

    /// <summary>Whether the status is <c>completed</c> (the command ran to its end; check <see cref="ExitCode"/>).</summary>
    public virtual bool IsCompleted => string.Equals(Status, ExecutionStates.Completed, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the execution is over (any state but running): polling it again will not change it.</summary>
    public virtual bool IsTerminal => ExecutionStates.IsTerminal(Status);

    /// <summary>Describes the result without its output.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"ExecResult(ExecutionId={ExecutionId}, Status={Status}, ExitCode={ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}, Chunks={Output.Count})";

    private string Join(string stream)
    {
        var builder = new StringBuilder();
        foreach (var chunk in Output)
        {
            // A chunk without a stream name is ordinary output.
            var chunkStream = chunk.Stream ?? OutputStreams.Stdout;
            if (string.Equals(chunkStream, stream, StringComparison.OrdinalIgnoreCase))
            {
                builder.Append(chunk.Chunk);
            }
        }

        return builder.ToString();
    }
}
