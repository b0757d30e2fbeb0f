using System.ComponentModel;

namespace Sockt;

/// <summary>
/// The balance warning of a Lightning sandbox. An open set: the service may add levels, and a value this SDK does not know is kept as
/// it came (compare with the known values below; never assume a closed set in a <c>switch</c>).
/// </summary>
/// <remarks>Values compare by their wire string, ignoring case (the service sometimes answers in PascalCase).</remarks>
public readonly struct WarningLevel : IEquatable<WarningLevel>
{
    private readonly string? _value;

    /// <summary>Creates a level from its wire value (for a level this SDK does not know yet).</summary>
    /// <param name="value">The wire value, for example <c>low_balance</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public WarningLevel(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The balance is fine (<c>ok</c>).</summary>
    public static WarningLevel Ok { get; } = new("ok");

    /// <summary>The balance is running low: pay the pending invoice to keep the sandbox running (<c>low_balance</c>).</summary>
    public static WarningLevel LowBalance { get; } = new("low_balance");

    /// <summary>The balance is depleted: the sandbox pauses (<c>out_of_balance</c>).</summary>
    public static WarningLevel OutOfBalance { get; } = new("out_of_balance");

    /// <summary>Whether two levels have the same wire value (ignoring case).</summary>
    /// <param name="left">The first level.</param>
    /// <param name="right">The second level.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(WarningLevel left, WarningLevel right) => left.Equals(right);

    /// <summary>Whether two levels have different wire values.</summary>
    /// <param name="left">The first level.</param>
    /// <param name="right">The second level.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(WarningLevel left, WarningLevel right) => !left.Equals(right);

    /// <summary>Converts a wire value to a level.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator WarningLevel(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(WarningLevel other) => KnownValue.AreEqual(_value, other._value);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is WarningLevel other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => KnownValue.HashOf(_value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, for example <c>low_balance</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
