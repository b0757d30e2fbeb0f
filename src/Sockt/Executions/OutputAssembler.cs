using System.Text;
using Sockt.Models;

namespace Sockt.Executions;

/// <summary>
/// Assembles an execution's output from successive polls without loss or duplication, whichever semantics the server
/// has: the documentation says each poll returns only the new chunks, while the official CLI reads the terminal poll
/// as if it held everything (and a cumulative server may merge chunks, so chunk boundaries are not stable).
/// </summary>
/// <remarks>
/// Rule: output is compared as text per stream run (consecutive chunks of one stream). When a poll's output starts
/// with everything seen so far, only the rest is new; otherwise all of it is new. Once a poll proves the server
/// incremental (it does not start with what was seen, or it is empty after output arrived, which a cumulative server
/// never answers), every later poll is appended whole, so repeated output is not mistaken for a resend. Before such
/// proof, an incremental poll that repeats all earlier output verbatim cannot be told from a cumulative one: the wire
/// has no offsets, and polling starts fast so that the proof usually comes early.
/// </remarks>
internal sealed class OutputAssembler
{
    private readonly List<OutputChunk> _all = [];
    private readonly List<Run> _runs = [];
    private bool _provenIncremental;

    internal IReadOnlyList<OutputChunk> All => _all;

    internal int Count => _all.Count;

    /// <summary>Whether a poll has shown that the server returns only new output.</summary>
    internal bool ProvenIncremental => _provenIncremental;

    /// <summary>Adds one poll's output and returns the chunks that are new.</summary>
    internal IReadOnlyList<OutputChunk> Add(IReadOnlyList<OutputChunk>? output)
    {
        if (output is null || output.Count == 0)
        {
            _provenIncremental |= _all.Count > 0;
            return [];
        }

        IReadOnlyList<OutputChunk> fresh;
        if (_all.Count == 0 || _provenIncremental)
        {
            fresh = output;
        }
        else if (TryGetTailAfterSeen(output) is { } tail)
        {
            fresh = tail;
        }
        else
        {
            _provenIncremental = true;
            fresh = output;
        }

        foreach (var chunk in fresh)
        {
            _all.Add(chunk);
            var stream = StreamKey(chunk);
            if (_runs.Count > 0 && _runs[^1].Stream == stream)
            {
                _runs[^1].Text.Append(chunk.Chunk);
            }
            else
            {
                _runs.Add(new Run(stream, new StringBuilder(chunk.Chunk)));
            }
        }

        return fresh;
    }

    // The wire value, so that runs split exactly where the service changed streams.
    private static string StreamKey(OutputChunk chunk) => chunk.WireStream ?? string.Empty;

    private static List<(string Stream, string Text, string? OriginalStream)> Merge(IReadOnlyList<OutputChunk> output)
    {
        var runs = new List<(string Stream, string Text, string? OriginalStream)>();
        foreach (var chunk in output)
        {
            var stream = StreamKey(chunk);
            if (runs.Count > 0 && runs[^1].Stream == stream)
            {
                runs[^1] = (stream, runs[^1].Text + chunk.Chunk, runs[^1].OriginalStream);
            }
            else
            {
                runs.Add((stream, chunk.Chunk, chunk.WireStream));
            }
        }

        return runs;
    }

    /// <summary>The part of <paramref name="output"/> after everything seen so far, or null if it does not start with it.</summary>
    private List<OutputChunk>? TryGetTailAfterSeen(IReadOnlyList<OutputChunk> output)
    {
        var runs = Merge(output);
        var last = _runs.Count - 1;
        if (runs.Count < _runs.Count)
        {
            return null;
        }

        for (var i = 0; i < last; i++)
        {
            if (runs[i].Stream != _runs[i].Stream || runs[i].Text != _runs[i].Text.ToString())
            {
                return null;
            }
        }

        var seenLast = _runs[last].Text.ToString();
        if (runs[last].Stream != _runs[last].Stream || !runs[last].Text.StartsWith(seenLast, StringComparison.Ordinal))
        {
            return null;
        }

        var tail = new List<OutputChunk>();
        if (runs[last].Text.Length > seenLast.Length)
        {
            tail.Add(new OutputChunk { WireStream = runs[last].OriginalStream, WireChunk = runs[last].Text[seenLast.Length..] });
        }

        for (var i = last + 1; i < runs.Count; i++)
        {
            tail.Add(new OutputChunk { WireStream = runs[i].OriginalStream, WireChunk = runs[i].Text });
        }

        return tail;
    }

    private sealed record Run(string Stream, StringBuilder Text);
}
