using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Sockt.Benchmarks.Raw;

/// <summary>The status body as a hand-written client would model it (the documented fields).</summary>
public sealed class RawSandboxStatus
{
    [JsonProperty("sandbox_id")] public string? SandboxId { get; set; }
    [JsonProperty("status")] public string? Status { get; set; }
    [JsonProperty("tier")] public string? Tier { get; set; }
    [JsonProperty("runtime")] public string? Runtime { get; set; }
    [JsonProperty("billing_method")] public string? BillingMethod { get; set; }
    [JsonProperty("template")] public string? Template { get; set; }
    [JsonProperty("consumed_msats")] public long? ConsumedMsats { get; set; }
    [JsonProperty("msats_per_second")] public long? MsatsPerSecond { get; set; }
    [JsonProperty("sats_per_second")] public double? SatsPerSecond { get; set; }
    [JsonProperty("prepaid_balance_msats")] public long? PrepaidBalanceMsats { get; set; }
    [JsonProperty("seconds_remaining")] public long? SecondsRemaining { get; set; }
    [JsonProperty("warning_level")] public string? WarningLevel { get; set; }
    [JsonProperty("next_poll_secs")] public int? NextPollSecs { get; set; }
    [JsonProperty("metrics_stale")] public bool? MetricsStale { get; set; }
    [JsonProperty("runtime_consumed_total")] public long? RuntimeConsumedTotal { get; set; }
    [JsonProperty("pending_invoice")] public JObject? PendingInvoice { get; set; }
}
