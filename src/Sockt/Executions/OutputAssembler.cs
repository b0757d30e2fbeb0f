using Sockt.Models;

namespace Sockt.Executions;

/// <summary>
/// Assembles an execution's output from successive polls without loss or duplication, whichever semantics the server
/// has: the documentation says each poll returns only the new chunks, while the official CLI reads the terminal poll
/// as if it held everything. Rule: when a poll's output starts with every chunk seen so far, only the rest is new;
/// otherwise all of it is new.
/// </summary>
/// <remarks>
/// The rule cannot tell an incremental poll that happens to repeat all earlier chunks, in order, from a cumulative
/// one; the wire gives no offsets, so this is the best a client can do.
/// </remarks>
internal sealed class OutputAssembler
{
    private readonly List<OutputChunk> _all = [];

    internal IReadOnlyList<OutputChunk> All => _all;

    internal int Count => _all.Count;

    /// <summary>Adds one poll's output and returns the chunks that are new.</summary>
    internal IReadOnlyList<OutputChunk> Add(IReadOnlyList<OutputChunk>? output)
    {
        if (output is null || output.Count == 0)
        {
            return [];
        }

        var start = _all.Count > 0 && output.Count >= _all.Count && StartsWithAllSeen(output) ? _all.Count : 0;
        var fresh = new List<OutputChunk>(output.Count - start);
        for (var i = start; i < output.Count; i++)
        {
            fresh.Add(output[i]);
        }

        _all.AddRange(fresh);
        return fresh;
    }

    private bool StartsWithAllSeen(IReadOnlyList<OutputChunk> output)
    {
        for (var i = 0; i < _all.Count; i++)
        {
            if (!string.Equals(output[i].Stream, _all[i].Stream, StringComparison.Ordinal)
                || !string.Equals(output[i].Chunk, _all[i].Chunk, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
