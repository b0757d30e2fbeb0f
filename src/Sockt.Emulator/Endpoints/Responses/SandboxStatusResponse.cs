using System.Text.Json.Serialization;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary><c>GET /v1/sandboxes/{id}</c>.</summary>
internal sealed record SandboxStatusResponse(
    [property: JsonPropertyName("sandbox_id")] string SandboxId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("tier")] string Tier,
    [property: JsonPropertyName("runtime")] string Runtime,
    [property: JsonPropertyName("billing_method")] string BillingMethod,
    [property: JsonPropertyName("template")] string Template,
    [property: JsonPropertyName("consumed_msats")] long ConsumedMsats,
    [property: JsonPropertyName("msats_per_second")] long MsatsPerSecond,
    [property: JsonPropertyName("sats_per_second")] double SatsPerSecond,
    [property: JsonPropertyName("prepaid_balance_msats")] long? PrepaidBalanceMsats,
    [property: JsonPropertyName("seconds_remaining")] long? SecondsRemaining,
    [property: JsonPropertyName("warning_level")] string WarningLevel,
    [property: JsonPropertyName("next_poll_secs")] int NextPollSecs,
    [property: JsonPropertyName("metrics_stale")] bool MetricsStale,
    [property: JsonPropertyName("runtime_consumed_total")] long RuntimeConsumedTotal,
    [property: JsonPropertyName("pending_invoice")] InvoiceResponse? PendingInvoice,
    [property: JsonPropertyName("sandbox_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SandboxToken)
{
    /// <param name="report">The sandbox's state.</param>
    /// <param name="showToken">Whether the caller authenticated with the sandbox's own token (only then is it echoed).</param>
    public static SandboxStatusResponse From(SandboxReport report, bool showToken)
    {
        var sandbox = report.Sandbox;
        return new(
            sandbox.Id,
            report.Status,
            sandbox.Tier.Name,
            WireFormat.Runtime(sandbox),
            WireFormat.BillingMethod(sandbox),
            WireFormat.Template(sandbox),
            report.ConsumedMsats,
            sandbox.Tier.MsatsPerSecond,
            sandbox.Tier.MsatsPerSecond / 1000.0,
            report.PrepaidBalanceMsats,
            report.SecondsRemaining,
            report.WarningLevel,
            report.NextPollSeconds,
            MetricsStale: false,
            report.ConsumedMsats,
            InvoiceResponse.From(report.PendingInvoice),
            showToken ? sandbox.Token : null);
    }
}
