using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary><c>create_sandbox</c>: creates a sandbox of an allowed tier and waits until it runs.</summary>
internal static class CreateSandboxTool
{
    public static ToolDefinition Create(ToolContext context)
    {
        var limits = context.Guard.Limits;
        var tiers = limits.AllowedTiers.ToList();
        var schema = new ToolSchema()
            .String("tier", $"The machine size; one of {string.Join(", ", tiers)} (default {tiers[0]}, the smallest is enough for scripts and builds of small projects).", allowed: tiers);
        var description =
            "Creates a new, empty sandbox and waits until it is running (usually seconds). Returns its sandbox_id: pass it to every other tool. "
            + $"Reuse one sandbox for a whole task; at most {limits.MaxSandboxes} may be alive at once and each lives at most "
            + $"{(long)limits.MaxSandboxLifetime.TotalMinutes} minutes. Terminate it with terminate_sandbox when done: it is billed while it exists. "
            + ToolTexts.Sandbox + " " + ToolTexts.Errors;
        return new ToolDefinition(SocktToolNames.CreateSandbox, "Create a sandbox", description, schema, new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false), CreateAsync, context.Logger);

        async Task<ToolResult> CreateAsync(ToolArguments arguments, CancellationToken cancellationToken)
        {
            var tier = arguments.String("tier") ?? tiers[0];
            if (arguments.Refusal is { } invalid)
            {
                return invalid;
            }

            if (context.Guard.CheckTier(tier) is { } notAllowed)
            {
                return notAllowed;
            }

            if (await context.Guard.CheckSpendingAsync(SocktToolNames.CreateSandbox, cancellationToken).ConfigureAwait(false) is { } overBudget)
            {
                return overBudget;
            }

            var created = await context.Guard.CreateAsync(tier, context.Options.SandboxLabel, cancellationToken).ConfigureAwait(false);
            if (created.Refusal is { } refused)
            {
                return refused;
            }

            return ToolResult.Success(new JsonObject
            {
                ["sandbox_id"] = created.Sandbox!.Id,
                ["tier"] = tier,
                ["status"] = "running",
                ["home"] = "/home/sandbox",
                ["max_lifetime_seconds"] = (long)limits.MaxSandboxLifetime.TotalSeconds,
            });
        }
    }
}
