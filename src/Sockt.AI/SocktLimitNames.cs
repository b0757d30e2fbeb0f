namespace Sockt.AI;

/// <summary>
/// The names of the guard's limits, as a refused tool call reports them in its <c>limit</c> field (and as the
/// <c>sockt mcp</c> flags are named).
/// </summary>
public static class SocktLimitNames
{
    /// <summary><see cref="SocktToolLimits.MaxSandboxes"/>: how many sandboxes the tools may have alive at once.</summary>
    public const string MaxSandboxes = "max_sandboxes";

    /// <summary><see cref="SocktToolLimits.MaxSandboxLifetime"/>: how long a sandbox the tools created may live.</summary>
    public const string MaxLifetime = "max_lifetime";

    /// <summary><see cref="SocktToolLimits.AllowedTiers"/>: which tiers the tools may create.</summary>
    public const string AllowedTiers = "allowed_tiers";

    /// <summary><see cref="SocktToolLimits.MaxSpendSats"/>: how many sats the sandboxes may consume in total.</summary>
    public const string MaxSpendSats = "max_spend_sats";

    /// <summary><see cref="SocktToolLimits.MaxSpendCents"/>: how many USD cents of credits the sandboxes may consume in total.</summary>
    public const string MaxSpendCents = "max_spend_cents";

    /// <summary><see cref="SocktToolLimits.MaxCommandTimeout"/>: the longest timeout a command may ask for.</summary>
    public const string MaxCommandTimeout = "max_command_timeout";
}
