using System.Globalization;

namespace Sockt.AI;

/// <summary>
/// What the tools may do, checked before every tool call. A call that would exceed a limit is not made: the model gets
/// a tool result naming the limit (<see cref="SocktLimitNames"/>) instead. Defaults are deliberately small.
/// </summary>
public sealed class SocktToolLimits
{
    /// <summary>How many sandboxes the tools may have alive at once (default 2). Only client-bound sets create sandboxes.</summary>
    public int MaxSandboxes { get; set; } = 2;

    /// <summary>
    /// How long a sandbox the tools created may live (default 1 hour); it is terminated when this has passed, and calls on
    /// it are refused with <see cref="SocktLimitNames.MaxLifetime"/>.
    /// </summary>
    public TimeSpan MaxSandboxLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The tiers <c>create_sandbox</c> may ask for (default <c>nano</c> and <c>micro</c>); the first is the default tier.
    /// </summary>
    public IList<string> AllowedTiers { get; } = new List<string> { "nano", "micro" };

    /// <summary>
    /// The most the sandboxes may consume in total, in sats (from each sandbox status' <c>consumed_msats</c>, counted
    /// from when the tools first saw the sandbox); null for no sats limit (default 1,000 sats). Once reached, calls that
    /// would spend more are refused and the sandboxes the tools created are terminated.
    /// </summary>
    public long? MaxSpendSats { get; set; } = 1_000;

    /// <summary>
    /// The most the sandboxes may consume in total, in USD cents of credits (the consumed seconds priced at the tier's
    /// <c>usd_cents_per_second</c>); null for no cents limit (the default). Enforced like <see cref="MaxSpendSats"/>.
    /// </summary>
    public decimal? MaxSpendCents { get; set; }

    /// <summary>The longest <c>timeout_seconds</c> a command may ask for (default 10 minutes).</summary>
    public TimeSpan MaxCommandTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The timeout of a command that asks for none (default 60 seconds; at most <see cref="MaxCommandTimeout"/>).</summary>
    public TimeSpan DefaultCommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Checks that the limits make sense.</summary>
    /// <exception cref="ArgumentException">A limit is out of range, or no tier is allowed.</exception>
    public void Validate()
    {
        if (MaxSandboxes < 0)
        {
            throw new ArgumentException($"{nameof(MaxSandboxes)} must not be negative.", nameof(MaxSandboxes));
        }

        if (MaxSandboxLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(MaxSandboxLifetime)} must be positive.", nameof(MaxSandboxLifetime));
        }

        if (AllowedTiers.Count == 0 || AllowedTiers.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"{nameof(AllowedTiers)} must name at least one tier, and no empty one.", nameof(AllowedTiers));
        }

        if (MaxSpendSats is < 0)
        {
            throw new ArgumentException($"{nameof(MaxSpendSats)} must not be negative.", nameof(MaxSpendSats));
        }

        if (MaxSpendCents is < 0)
        {
            throw new ArgumentException($"{nameof(MaxSpendCents)} must not be negative.", nameof(MaxSpendCents));
        }

        if (MaxCommandTimeout < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentException($"{nameof(MaxCommandTimeout)} must be at least one second.", nameof(MaxCommandTimeout));
        }

        if (DefaultCommandTimeout < TimeSpan.FromSeconds(1) || DefaultCommandTimeout > MaxCommandTimeout)
        {
            throw new ArgumentException($"{nameof(DefaultCommandTimeout)} must be between one second and {nameof(MaxCommandTimeout)}.", nameof(DefaultCommandTimeout));
        }
    }

    /// <summary>The prefix of the environment variables that set limits: <c>SOCKT_</c> + the limit name in capitals (for example <c>SOCKT_MAX_SANDBOXES</c>).</summary>
    public const string EnvironmentPrefix = "SOCKT_";

    /// <summary>Every limit name <see cref="Set"/> accepts (<see cref="SocktLimitNames"/>).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        SocktLimitNames.MaxSandboxes,
        SocktLimitNames.MaxLifetime,
        SocktLimitNames.AllowedTiers,
        SocktLimitNames.MaxSpendSats,
        SocktLimitNames.MaxSpendCents,
        SocktLimitNames.MaxCommandTimeout,
    ];

    /// <summary>
    /// Sets one limit from text, as a command-line flag or an environment variable gives it: counts and amounts as
    /// numbers (<c>none</c> lifts a spending limit), durations as seconds or with a unit (<c>90s</c>, <c>30m</c>,
    /// <c>2h</c>), tiers as a comma-separated list.
    /// </summary>
    /// <param name="limitName">A <see cref="SocktLimitNames"/> value.</param>
    /// <param name="value">The text to parse.</param>
    /// <exception cref="ArgumentException">The name is unknown or the value cannot be parsed.</exception>
    public void Set(string limitName, string value)
    {
        ArgumentNullException.ThrowIfNull(limitName);
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        switch (limitName)
        {
            case SocktLimitNames.MaxSandboxes:
                MaxSandboxes = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                    ? count
                    : throw Invalid(limitName, value, "a whole number");
                break;
            case SocktLimitNames.MaxLifetime:
                MaxSandboxLifetime = ParseDuration(limitName, text);
                break;
            case SocktLimitNames.AllowedTiers:
                var tiers = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (tiers.Length == 0)
                {
                    throw Invalid(limitName, value, "a comma-separated list of tiers");
                }

                AllowedTiers.Clear();
                foreach (var tier in tiers)
                {
                    AllowedTiers.Add(tier);
                }

                break;
            case SocktLimitNames.MaxSpendSats:
                MaxSpendSats = IsNone(text) ? null
                    : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sats) ? sats
                    : throw Invalid(limitName, value, "a whole number of sats, or none");
                break;
            case SocktLimitNames.MaxSpendCents:
                MaxSpendCents = IsNone(text) ? null
                    : decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cents) ? cents
                    : throw Invalid(limitName, value, "a number of USD cents, or none");
                break;
            case SocktLimitNames.MaxCommandTimeout:
                MaxCommandTimeout = ParseDuration(limitName, text);
                if (DefaultCommandTimeout > MaxCommandTimeout)
                {
                    DefaultCommandTimeout = MaxCommandTimeout;
                }

                break;
            default:
                throw new ArgumentException($"Unknown limit '{limitName}'; the limits are {string.Join(", ", Names)}.", nameof(limitName));
        }
    }

    /// <summary>
    /// Sets every limit that has an environment variable (<see cref="EnvironmentPrefix"/> + the limit name in
    /// capitals); limits without one keep their value.
    /// </summary>
    /// <param name="read">Reads a variable (default <see cref="Environment.GetEnvironmentVariable(string)"/>).</param>
    /// <exception cref="ArgumentException">A variable's value cannot be parsed (the message names the variable).</exception>
    public void SetFromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        foreach (var name in Names)
        {
            var variable = EnvironmentPrefix + name.ToUpperInvariant();
            if (read(variable) is { Length: > 0 } value)
            {
                try
                {
                    Set(name, value);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException($"{variable}: {e.Message}", variable, e);
                }
            }
        }
    }

    private static bool IsNone(string text) => string.Equals(text, "none", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan ParseDuration(string limitName, string text)
    {
        var unit = text.Length > 0 && char.IsLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 's';
        var number = char.IsLetter(text.Length > 0 ? text[^1] : ' ') ? text[..^1] : text;
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            throw Invalid(limitName, text, "a positive duration such as 90, 90s, 30m or 2h");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => throw Invalid(limitName, text, "a positive duration such as 90, 90s, 30m or 2h"),
        };
    }

    private static ArgumentException Invalid(string limitName, string value, string expected) =>
        new($"'{value}' is not a valid {limitName}: expected {expected}.", nameof(value));
}
