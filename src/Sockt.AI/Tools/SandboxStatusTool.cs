using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary><c>sandbox_status</c>: a sandbox's state, what it consumed, and what the limits leave.</summary>
internal static class SandboxStatusTool
{
    public static ToolDefinition Create(ToolContext context)
    {
        var limits = context.Guard.Limits;
        var schema = context.NewSandboxSchema();
        var description =
            "Reports a sandbox's state (running, paused, ...), its tier, the sats it consumed, the total spent by all sandboxes of this session "
            + "against the spending limit, and how long it may still live. " + ToolTexts.Errors;
        return new ToolDefinition(SocktToolNames.SandboxStatus, "Sandbox status", description, schema, new ToolHints(ReadOnly: true, Destructive: false, Idempotent: true), StatusAsync, context.Logger);

        async Task<ToolResult> StatusAsync(ToolArguments arguments, CancellationToken cancellationToken)
        {
            var sandboxId = context.ReadSandboxId(arguments);
            if (arguments.Refusal is { } invalid)
            {
                return invalid;
            }

            var lookup = context.Guard.Find(sandboxId!);
            if (lookup.Refusal is { } refused)
            {
                return refused;
            }

            var tracked = lookup.Sandbox!;
            var status = await context.Guard.RefreshStatusAsync(tracked, cancellationToken).ConfigureAwait(false);
            var (sats, cents) = await context.Guard.SpentAsync(cancellationToken).ConfigureAwait(false);
            var body = new JsonObject
            {
                ["sandbox_id"] = sandboxId,
                ["status"] = status.State,
                ["tier"] = status.Tier,
                ["consumed_sats"] = tracked.SpentMsats / 1000.0,
                ["spent_sats_total"] = (double)sats,
                ["max_spend_sats"] = limits.MaxSpendSats,
            };
            if (limits.MaxSpendCents is not null)
            {
                body["spent_cents_total"] = (double)cents;
                body["max_spend_cents"] = (double)limits.MaxSpendCents.Value;
            }

            if (context.Guard.LifetimeLeft(tracked) is { } left)
            {
                body["lifetime_left_seconds"] = Math.Max(0, (long)left.TotalSeconds);
            }

            if (status.WarningLevel is { } warning)
            {
                body["warning_level"] = warning;
            }

            return ToolResult.Success(body);
        }
    }
}
