using Newtonsoft.Json.Linq;
using Sockt.Models;
using Sockt.Serialization;

namespace Sockt.Internal;

/// <summary>
/// Splits the two shapes of the create response: snake_case for Lightning (<c>sandbox_id</c>, <c>sandbox_token</c>,
/// <c>invoice</c> or <c>pending_invoice</c>) and a PascalCase struct dump for credits (<c>ID</c>, <c>Status</c>, …).
/// </summary>
internal static class SandboxCreatedParser
{
    private const string Operation = "POST /v1/sandboxes";

    internal static CreatedSandbox Parse(JObject? body)
    {
        if (body is null)
        {
            throw new ApiException("Sockt API POST /v1/sandboxes answered an empty body.", 201);
        }

        var serializer = SocktJsonSettings.CreateSerializer();
        if (Has(body, "sandbox_id") || Has(body, "sandbox_token") || Has(body, "invoice") || Has(body, "pending_invoice"))
        {
            var lightning = body.ToObject<LightningSandboxCreated>(serializer)!;
            var invoice = lightning.PendingInvoice ?? (string.IsNullOrEmpty(lightning.Invoice)
                ? null
                : new PendingInvoice
                {
                    WireBolt11 = lightning.Invoice,
                    WirePaymentHash = lightning.PaymentHash,
                    WireAmountMsats = lightning.AmountMsats,
                    WireExpiresAt = lightning.ExpiresAt,
                });
            var id = lightning.SandboxId ?? (string?)body.GetValue("ID", StringComparison.OrdinalIgnoreCase);
            RequiredFields.Check(Operation, 201, ("sandbox_id", RequiredFields.HasText(id)), ("status", RequiredFields.HasText(lightning.Status)));
            return new CreatedSandbox(id!, lightning.Status, lightning.Tier, lightning.BillingMethod, NullIfEmpty(lightning.SandboxToken), invoice);
        }

        var credits = body.ToObject<CreditsSandboxCreated>(serializer)!;
        RequiredFields.Check(Operation, 201, ("sandbox_id (or ID)", RequiredFields.HasText(credits.Id)), ("status (or Status)", RequiredFields.HasText(credits.Status)));
        return new CreatedSandbox(credits.Id!, credits.Status, credits.Tier, credits.BillingMethod, null, null);
    }

    private static bool Has(JObject body, string key) =>
        body.GetValue(key, StringComparison.OrdinalIgnoreCase) is { Type: not JTokenType.Null };

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>What a create response says, whatever its shape.</summary>
internal sealed record CreatedSandbox(string Id, string? WireStatus, string? Tier, string? WireBillingMethod, string? SandboxToken, PendingInvoice? Invoice)
{
    /// <summary>The lifecycle state, when the response had one.</summary>
    public SandboxState? Status => WireStatus is null ? (SandboxState?)null : new SandboxState(WireStatus);

    /// <summary>The billing method, when the response had one.</summary>
    public BillingMethod? BillingMethod => WireBillingMethod is null ? (BillingMethod?)null : new BillingMethod(WireBillingMethod);

    /// <summary>Redacted, so that the record's generated ToString cannot leak the token.</summary>
    public override string ToString() => $"CreatedSandbox(Id={Id}, Status={WireStatus}, Token={Secrets.Describe(SandboxToken)})";
}
