namespace Sockt;

/// <summary>
/// One message from the remote shell: a <see cref="Type"/> such as <c>stdout</c> (see <see cref="ShellFrameType"/>)
/// and its <see cref="Data"/>.
/// </summary>
/// <remarks>
/// The type is an extensible enumeration: frames of types this SDK does not know are delivered as they are, never dropped.
/// A server message that is not a JSON frame arrives as a <c>stdout</c> frame carrying the raw message text.
/// </remarks>
public sealed record ShellFrame
{
    /// <summary>Creates a frame (useful to test code that consumes frames).</summary>
    /// <param name="type">The frame type, for example <see cref="ShellFrameType.Stdout"/>.</param>
    /// <param name="data">The frame's text; empty when the server sent none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    public ShellFrame(ShellFrameType type, string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Type = type;
        Data = data;
    }

    /// <summary>The frame type, for example <c>stdout</c>, <c>stderr</c>, <c>low_balance</c> or <c>error</c>.</summary>
    public ShellFrameType Type { get; }

    /// <summary>The frame's text: terminal output for <c>stdout</c>/<c>stderr</c>, a human-readable message otherwise.</summary>
    public string Data { get; }

    /// <summary>Whether this frame carries terminal output (<c>stdout</c> or <c>stderr</c>).</summary>
    public bool IsOutput => Type == ShellFrameType.Stdout || Type == ShellFrameType.Stderr;

    /// <summary>Whether this frame is a billing notice (<c>billing</c>, <c>low_balance</c>, <c>deposit_required</c>, <c>out_of_balance</c>).</summary>
    public bool IsBillingNotice => Type == ShellFrameType.Billing || Type == ShellFrameType.LowBalance
        || Type == ShellFrameType.DepositRequired || Type == ShellFrameType.OutOfBalance;
}
