using System.ComponentModel;

namespace Sockt;

/// <summary>
/// The way a sandbox is paid for. An open set: the service may add billing methods, and a value this SDK does not know is kept as
/// it came (compare with the known values below; never assume a closed set in a <c>switch</c>).
/// </summary>
/// <remarks>Values compare by their wire string, ignoring case (the service sometimes answers in PascalCase).</remarks>
public readonly struct BillingMethod : IEquatable<BillingMethod>
{
    private readonly string? _value;

    /// <summary>Creates a billing method from its wire value (for a billing method this SDK does not know yet).</summary>
    /// <param name="value">The wire value, for example <c>lightning</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public BillingMethod(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Prepaid USD credits; needs an API key (<c>sockt_live_…</c>) (<c>credits</c>).</summary>
    public static BillingMethod Credits { get; } = new("credits");

    /// <summary>Pay-as-you-go over the Lightning Network; anonymous, answered with an invoice and a sandbox token (<c>lightning</c>).</summary>
    public static BillingMethod Lightning { get; } = new("lightning");

    /// <summary>Whether two billing methods have the same wire value (ignoring case).</summary>
    /// <param name="left">The first billing method.</param>
    /// <param name="right">The second billing method.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(BillingMethod left, BillingMethod right) => left.Equals(right);

    /// <summary>Whether two billing methods have different wire values.</summary>
    /// <param name="left">The first billing method.</param>
    /// <param name="right">The second billing method.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(BillingMethod left, BillingMethod right) => !left.Equals(right);

    /// <summary>Converts a wire value to a billing method.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator BillingMethod(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(BillingMethod other) => KnownValue.AreEqual(_value, other._value);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is BillingMethod other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => KnownValue.HashOf(_value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, for example <c>lightning</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
