using Microsoft.Extensions.Logging;

namespace Sockt.AI;

/// <summary>Settings of a <see cref="SocktTools"/> set: its limits and how much output goes back to the model.</summary>
public sealed class SocktToolsOptions
{
    /// <summary>What the tools may do (sandboxes, lifetime, tiers, spending, command time).</summary>
    public SocktToolLimits Limits { get; set; } = new();

    /// <summary>
    /// The most characters of stdout, of stderr, and of a text file that go back to the model (default 16,000); beyond
    /// it the text keeps its head and tail and the result says how much was left out.
    /// </summary>
    public int MaxOutputChars { get; set; } = 16_000;

    /// <summary>The most bytes <c>read_file</c> transfers (default 1 MiB).</summary>
    public long MaxReadBytes { get; set; } = 1024 * 1024;

    /// <summary>The most entries <c>list_files</c> returns (default 500).</summary>
    public int MaxListEntries { get; set; } = 500;

    /// <summary>
    /// The label given to sandboxes the tools create (default <c>sockt-ai</c>). They are billed with credits, from the
    /// API key's account: an agent cannot pay a Lightning invoice.
    /// </summary>
    public string SandboxLabel { get; set; } = "sockt-ai";

    /// <summary>Where the tools log sandboxes created and ended, limits hit and failures (ids only; never keys, tokens or output).</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock for sandbox lifetimes (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Checks that the settings make sense.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Limits, nameof(Limits));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        Limits.Validate();
        if (MaxOutputChars < 100)
        {
            throw new ArgumentException($"{nameof(MaxOutputChars)} must be at least 100.", nameof(MaxOutputChars));
        }

        if (MaxReadBytes < 1)
        {
            throw new ArgumentException($"{nameof(MaxReadBytes)} must be positive.", nameof(MaxReadBytes));
        }

        if (MaxListEntries < 1)
        {
            throw new ArgumentException($"{nameof(MaxListEntries)} must be positive.", nameof(MaxListEntries));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(SandboxLabel, nameof(SandboxLabel));
    }
}
