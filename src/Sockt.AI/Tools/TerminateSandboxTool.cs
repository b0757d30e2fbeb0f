using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary><c>terminate_sandbox</c>: ends a sandbox the tools created; its files are gone and billing stops.</summary>
internal static class TerminateSandboxTool
{
    public static ToolDefinition Create(ToolContext context)
    {
        var schema = context.NewSandboxSchema();
        var description =
            "Terminates a sandbox these tools created: its processes stop, its files are deleted and billing stops. Call it when the task is "
            + "done, after reading any results you need. " + ToolTexts.Errors;
        return new ToolDefinition(SocktToolNames.TerminateSandbox, "Terminate a sandbox", description, schema, new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true), TerminateAsync, context.Logger);

        async Task<ToolResult> TerminateAsync(ToolArguments arguments, CancellationToken cancellationToken)
        {
            var sandboxId = context.ReadSandboxId(arguments);
            if (arguments.Refusal is { } invalid)
            {
                return invalid;
            }

            // No spending check: ending a sandbox is how spending stops.
            var lookup = context.Guard.Find(sandboxId!);
            if (lookup.Refusal is { } refused)
            {
                return refused;
            }

            await context.Guard.TerminateAsync(lookup.Sandbox!, cancellationToken).ConfigureAwait(false);
            return ToolResult.Success(new JsonObject { ["sandbox_id"] = sandboxId, ["status"] = "terminated" });
        }
    }
}
