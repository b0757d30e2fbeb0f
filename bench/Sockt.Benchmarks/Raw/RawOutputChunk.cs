using Newtonsoft.Json;

namespace Sockt.Benchmarks.Raw;

/// <summary>One output chunk of an execution poll.</summary>
public sealed class RawOutputChunk
{
    [JsonProperty("stream")] public string? Stream { get; set; }
    [JsonProperty("chunk")] public string? Chunk { get; set; }
}
