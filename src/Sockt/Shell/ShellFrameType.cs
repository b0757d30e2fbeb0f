using System.ComponentModel;

namespace Sockt;

/// <summary>
/// The type of a <see cref="ShellFrame"/>: an extensible enumeration. The known types of the shell protocol
/// (spec/shell-protocol.md) are static properties; a type the server sends that this SDK does not know is kept as it is,
/// never dropped or mapped to something else.
/// </summary>
/// <remarks>
/// Compare with <c>==</c> (it is not a constant, so it cannot be a <c>case</c> label): two values are equal when their
/// strings are equal ignoring case, like the SDK's other extensible enumerations; <see langword="default"/> equals the
/// empty string. A string converts implicitly, so <c>frame.Type == "stdout"</c> also works.
/// </remarks>
public readonly struct ShellFrameType : IEquatable<ShellFrameType>
{
    private const string StdoutValue = "stdout";
    private const string StderrValue = "stderr";
    private const string BillingValue = "billing";
    private const string LowBalanceValue = "low_balance";
    private const string DepositRequiredValue = "deposit_required";
    private const string OutOfBalanceValue = "out_of_balance";
    private const string ErrorValue = "error";

    private readonly string? _value;

    /// <summary>Creates a frame type from its wire name; use it for types this SDK has no property for.</summary>
    /// <param name="value">The <c>type</c> of the frame as it appears on the wire, for example <c>stdout</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public ShellFrameType(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>Output of the pseudo-terminal (a PTY merges standard output and standard error).</summary>
    public static ShellFrameType Stdout { get; } = new(StdoutValue);

    /// <summary>Output known to come from standard error.</summary>
    public static ShellFrameType Stderr { get; } = new(StderrValue);

    /// <summary>A billing status update.</summary>
    public static ShellFrameType Billing { get; } = new(BillingValue);

    /// <summary>The balance paying for the sandbox is running low.</summary>
    public static ShellFrameType LowBalance { get; } = new(LowBalanceValue);

    /// <summary>Payment is needed to continue (a new invoice is pending).</summary>
    public static ShellFrameType DepositRequired { get; } = new(DepositRequiredValue);

    /// <summary>The balance is depleted: the sandbox pauses and the session ends.</summary>
    public static ShellFrameType OutOfBalance { get; } = new(OutOfBalanceValue);

    /// <summary>A server-side error concerning the session (for example a frame the server could not accept).</summary>
    public static ShellFrameType Error { get; } = new(ErrorValue);

    /// <summary>Whether the two values are the same type.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when their strings are equal, ignoring case.</returns>
    public static bool operator ==(ShellFrameType left, ShellFrameType right) => left.Equals(right);

    /// <summary>Whether the two values are different types.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when their strings differ, ignoring case.</returns>
    public static bool operator !=(ShellFrameType left, ShellFrameType right) => !left.Equals(right);

    /// <summary>Converts a wire name to a <see cref="ShellFrameType"/>.</summary>
    /// <param name="value">The wire name, for example <c>stdout</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static implicit operator ShellFrameType(string value) => new(value);

    /// <summary>Whether this is the same type as <paramref name="other"/>.</summary>
    /// <param name="other">The value to compare with.</param>
    /// <returns><see langword="true"/> when the strings are equal, ignoring case.</returns>
    public bool Equals(ShellFrameType other) =>
        string.Equals(_value ?? string.Empty, other._value ?? string.Empty, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ShellFrameType other && Equals(other);

    /// <inheritdoc />
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(_value ?? string.Empty);

    /// <summary>The wire name of the type, for example <c>stdout</c> (empty for a default value).</summary>
    /// <returns>The wire name.</returns>
    public override string ToString() => _value ?? string.Empty;
}
