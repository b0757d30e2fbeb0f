using System.ComponentModel;

namespace Sockt;

/// <summary>
/// The execution's state. An open set: the service may add states, and a value this SDK does not know is kept as
/// it came (compare with the known values below; never assume a closed set in a <c>switch</c>).
/// </summary>
/// <remarks>Values compare by their wire string, ignoring case (the service sometimes answers in PascalCase).</remarks>
public readonly struct ExecutionState : IEquatable<ExecutionState>
{
    private readonly string? _value;

    /// <summary>Creates a state from its wire value (for a state this SDK does not know yet).</summary>
    /// <param name="value">The wire value, for example <c>running</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public ExecutionState(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The command is still running (<c>running</c>).</summary>
    public static ExecutionState Running { get; } = new("running");

    /// <summary>The command finished; see the exit code (<c>completed</c>).</summary>
    public static ExecutionState Completed { get; } = new("completed");

    /// <summary>The command could not run or was killed, for example by its timeout (<c>failed</c>).</summary>
    public static ExecutionState Failed { get; } = new("failed");

    /// <summary>The command was cancelled (<c>cancelled</c>).</summary>
    public static ExecutionState Cancelled { get; } = new("cancelled");

    /// <summary>
    /// Whether <paramref name="state"/> means the execution is over. Any state other than running (or an equivalent
    /// waiting state) counts as over, as in the official CLI, so an unknown new state ends polling.
    /// </summary>
    internal static bool IsTerminal(ExecutionState? state) =>
        state is { } value
        && !string.IsNullOrEmpty(value._value)
        && value != Running
        && !KnownValue.AreEqual(value._value, "pending")
        && !KnownValue.AreEqual(value._value, "queued")
        && !KnownValue.AreEqual(value._value, "starting");

    /// <summary>Whether two states have the same wire value (ignoring case).</summary>
    /// <param name="left">The first state.</param>
    /// <param name="right">The second state.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(ExecutionState left, ExecutionState right) => left.Equals(right);

    /// <summary>Whether two states have different wire values.</summary>
    /// <param name="left">The first state.</param>
    /// <param name="right">The second state.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(ExecutionState left, ExecutionState right) => !left.Equals(right);

    /// <summary>Converts a wire value to a state.</summary>
    /// <param name="value">The wire value.</param>
    public static implicit operator ExecutionState(string value) => new(value);

    /// <inheritdoc/>
    public bool Equals(ExecutionState other) => KnownValue.AreEqual(_value, other._value);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override bool Equals(object? obj) => obj is ExecutionState other && Equals(other);

    /// <inheritdoc/>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public override int GetHashCode() => KnownValue.HashOf(_value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value, for example <c>running</c>.</returns>
    public override string ToString() => _value ?? string.Empty;
}
