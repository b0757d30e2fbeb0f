using Microsoft.Extensions.Logging;
using Sockt.AI.Guard;
using Sockt.AI.Sdk;

namespace Sockt.AI.Tools;

/// <summary>
/// What every tool of one set shares: the guard, the SDK gateway, the options, and either the one sandbox the set is
/// bound to or nothing (client-bound: each call names its sandbox with <c>sandbox_id</c>).
/// </summary>
internal sealed class ToolContext
{
    public const string SandboxIdArgument = "sandbox_id";

    private readonly TrackedSandbox? bound;

    public ToolContext(SandboxGuard guard, SandboxGateway gateway, SocktToolsOptions options, TrackedSandbox? bound, ILogger logger)
    {
        Guard = guard;
        Gateway = gateway;
        Options = options;
        this.bound = bound;
        Logger = logger;
    }

    public SandboxGuard Guard { get; }

    public SandboxGateway Gateway { get; }

    public SocktToolsOptions Options { get; }

    public ILogger Logger { get; }

    public bool IsClientBound => bound is null;

    /// <summary>A schema that starts with <c>sandbox_id</c> when each call must name its sandbox.</summary>
    public ToolSchema NewSandboxSchema() => IsClientBound
        ? new ToolSchema().String(SandboxIdArgument, "The id of the sandbox to act on, as create_sandbox returned it (for example \"sb_...\").", isRequired: true)
        : new ToolSchema();

    /// <summary>Reads <c>sandbox_id</c> (client-bound sets); call before checking <see cref="ToolArguments.Refusal"/>.</summary>
    public string? ReadSandboxId(ToolArguments arguments) =>
        IsClientBound ? arguments.String(SandboxIdArgument, required: true) : bound!.Id;

    /// <summary>The sandbox to act on, after the spending check; or the result that says why not.</summary>
    public async Task<SandboxLookup> ResolveAsync(string toolName, string sandboxId, CancellationToken cancellationToken)
    {
        var lookup = Guard.Find(sandboxId);
        if (lookup.Refusal is not null)
        {
            return lookup;
        }

        var overBudget = await Guard.CheckSpendingAsync(toolName, cancellationToken).ConfigureAwait(false);
        return overBudget is null ? Guard.Find(sandboxId) : new SandboxLookup(null, overBudget);
    }
}
