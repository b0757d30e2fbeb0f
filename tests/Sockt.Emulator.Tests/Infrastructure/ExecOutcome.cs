using System.Text;
using System.Text.Json.Nodes;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>The end of an execution as collected over all polls.</summary>
internal sealed record ExecOutcome(string ExecutionId, string Status, int? ExitCode, string? Error, IReadOnlyList<(string Stream, string Chunk)> Chunks, int Polls)
{
    public string Stdout => Join("stdout");

    public string Stderr => Join("stderr");

    public static IEnumerable<(string Stream, string Chunk)> ChunksOf(JsonNode result) =>
        result["output"]!.AsArray().Select(c => (c!["stream"]!.GetValue<string>(), c["chunk"]!.GetValue<string>()));

    private string Join(string stream)
    {
        var text = new StringBuilder();
        foreach (var (name, chunk) in Chunks)
        {
            if (name == stream)
            {
                text.Append(chunk);
            }
        }

        return text.ToString();
    }
}
