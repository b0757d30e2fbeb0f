using Newtonsoft.Json;

namespace Sockt.Benchmarks.Raw;

/// <summary>A poll of GET /v1/executions/{id} as a hand-written client would model it.</summary>
public sealed class RawExecutionResult
{
    [JsonProperty("execution_id")] public string? ExecutionId { get; set; }
    [JsonProperty("status")] public string? Status { get; set; }
    [JsonProperty("output")] public List<RawOutputChunk>? Output { get; set; }
    [JsonProperty("exit_code")] public int? ExitCode { get; set; }
    [JsonProperty("error")] public string? Error { get; set; }

    public bool IsTerminal => Status is "completed" or "failed" or "cancelled";
}
