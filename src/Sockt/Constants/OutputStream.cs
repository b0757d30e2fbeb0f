using System.ComponentModel;

namespace Sockt;

/// <summary>
/// The stream an output chunk came from. An open set: the service may add streams, and a value this SDK does not know is kept as
/// it came (compare with the known values below; never assume a closed set in a <c>switch</c>).
/// </summary>
/// <remarks>Values compare by their wire string, ignoring case (the service sometimes answers in PascalCase).</remarks>
public readonly struct OutputStream : IEquatable<OutputStream>
{
    private readonly string? _value;

    /// <summary>Creates a stream from its wire value (for a stream this SDK does not know yet).</summary>
    /// <param name="value">The wire value, for example <c>stdout</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public OutputStream(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Standard output (<c>stdout</c>).</summary>
    public static OutputStream Stdout { get; } = new("stdout");

    /// <summary>Standard error (<c>stderr</c>).</summary>
    public static OutputStream Stderr { get; } = new("stderr");

    /// <summary>Whether two streams have the same wire value (ignoring case).</summary>
    /// <param name="left">The first stream.</param>
    /// <param name="right">The second stream.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(OutputStream left, OutputStream right) => left.Equals(right);

    /// <summary>Whether two streams have different wire values.</summary>
    /// <param name="left">The first stream.</param>
    /// <param name="right">The second stream.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(OutputStream left, OutputStream right) => !left.Equals(right);

    /// <summary>Converts a wire value to a stream.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator OutputStream(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(OutputStream other) => KnownValue.AreEqual(_value, other._value);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is OutputStream other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => KnownValue.HashOf(_value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, for example <c>stdout</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
