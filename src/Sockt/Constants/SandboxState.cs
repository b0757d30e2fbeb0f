using System.ComponentModel;

namespace Sockt;

/// <summary>
/// A sandbox's lifecycle state. An open set: the service may add states, and a value this SDK does not know is kept as
/// it came (compare with the known values below; never assume a closed set in a <c>switch</c>).
/// </summary>
/// <remarks>Values compare by their wire string, ignoring case (the service sometimes answers in PascalCase).</remarks>
public readonly struct SandboxState : IEquatable<SandboxState>
{
    private readonly string? _value;

    /// <summary>Creates a state from its wire value (for a state this SDK does not know yet).</summary>
    /// <param name="value">The wire value, for example <c>running</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public SandboxState(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>A Lightning sandbox waiting for its invoice to be paid (<c>awaiting_payment</c>).</summary>
    public static SandboxState AwaitingPayment { get; } = new("awaiting_payment");

    /// <summary>A credits sandbox just accepted (<c>pending</c>).</summary>
    public static SandboxState Pending { get; } = new("pending");

    /// <summary>The sandbox record is being created (<c>creating</c>).</summary>
    public static SandboxState Creating { get; } = new("creating");

    /// <summary>The pod is being provisioned, 30 to 90 seconds (<c>starting</c>).</summary>
    public static SandboxState Starting { get; } = new("starting");

    /// <summary>Ready for commands, files and shell access (<c>running</c>).</summary>
    public static SandboxState Running { get; } = new("running");

    /// <summary>Compute stopped, no billing; can be resumed (<c>paused</c>).</summary>
    public static SandboxState Paused { get; } = new("paused");

    /// <summary>Permanently destroyed (<c>terminated</c>).</summary>
    public static SandboxState Terminated { get; } = new("terminated");

    /// <summary>Provisioning or runtime error (<c>failed</c>).</summary>
    public static SandboxState Failed { get; } = new("failed");

    /// <summary>Whether two states have the same wire value (ignoring case).</summary>
    /// <param name="left">The first state.</param>
    /// <param name="right">The second state.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(SandboxState left, SandboxState right) => left.Equals(right);

    /// <summary>Whether two states have different wire values.</summary>
    /// <param name="left">The first state.</param>
    /// <param name="right">The second state.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(SandboxState left, SandboxState right) => !left.Equals(right);

    /// <summary>Converts a wire value to a state.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator SandboxState(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(SandboxState other) => KnownValue.AreEqual(_value, other._value);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is SandboxState other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => KnownValue.HashOf(_value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, for example <c>running</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
