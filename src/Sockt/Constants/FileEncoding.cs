using System.ComponentModel;

namespace Sockt;

/// <summary>
/// The encoding of file content on the wire. An open set: the service may add encodings, and a value this SDK does not know is kept as
/// it came (compare with the known values below; never assume a closed set in a <c>switch</c>).
/// </summary>
/// <remarks>Values compare by their wire string, ignoring case (the service sometimes answers in PascalCase).</remarks>
public readonly struct FileEncoding : IEquatable<FileEncoding>
{
    private readonly string? _value;

    /// <summary>Creates a encoding from its wire value (for a encoding this SDK does not know yet).</summary>
    /// <param name="value">The wire value, for example <c>utf8</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public FileEncoding(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Plain text, UTF-8 (the default) (<c>utf8</c>).</summary>
    public static FileEncoding Utf8 { get; } = new("utf8");

    /// <summary>Base64 text, for binary content (<c>base64</c>).</summary>
    public static FileEncoding Base64 { get; } = new("base64");

    /// <summary>
    /// The wire value to send for <paramref name="encoding"/> (<see langword="null"/> means <see cref="Utf8"/>); throws
    /// unless it is <see cref="Utf8"/> or <see cref="Base64"/>, the only encodings the file endpoints accept.
    /// </summary>
    internal static string ToWire(FileEncoding? encoding, string parameterName)
    {
        var value = encoding ?? Utf8;
        if (value != Utf8 && value != Base64)
        {
            throw new ArgumentException($"Unknown encoding '{value}': use FileEncoding.Utf8 or FileEncoding.Base64.", parameterName);
        }

        return value._value!;
    }

    /// <summary>Whether two encodings have the same wire value (ignoring case).</summary>
    /// <param name="left">The first encoding.</param>
    /// <param name="right">The second encoding.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(FileEncoding left, FileEncoding right) => left.Equals(right);

    /// <summary>Whether two encodings have different wire values.</summary>
    /// <param name="left">The first encoding.</param>
    /// <param name="right">The second encoding.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(FileEncoding left, FileEncoding right) => !left.Equals(right);

    /// <summary>Converts a wire value to a encoding.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator FileEncoding(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(FileEncoding other) => KnownValue.AreEqual(_value, other._value);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is FileEncoding other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => KnownValue.HashOf(_value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, for example <c>utf8</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
