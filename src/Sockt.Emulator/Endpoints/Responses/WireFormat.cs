using System.Globalization;
using Sockt.Emulator.Billing;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints.Responses;

/// <summary>How values are spelled on the wire.</summary>
internal static class WireFormat
{
    /// <summary>UTC, whole seconds, <c>Z</c> suffix: <c>2026-05-29T16:00:00Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string BillingMethod(Sandbox sandbox) => sandbox.Billing == Billing.BillingMethod.Lightning ? "lightning" : "credits";

    /// <summary>The <c>runtime</c> field: credits sandboxes run on the service's RunPod backend (<c>runpod_cpu</c>).</summary>
    public static string Runtime(Sandbox sandbox) =>
        sandbox.Billing == Billing.BillingMethod.Lightning ? sandbox.Tier.Runtime : "runpod_" + sandbox.Tier.Runtime;

    public static string Template(Sandbox sandbox) => "sockt-" + sandbox.Tier.Name;
}
