namespace Sockt;

/// <summary>
/// The frame types the Sockt shell protocol documents (spec/shell-protocol.md). The server may send others;
/// compare <see cref="ShellFrame.Type"/> with these constants rather than switching on a closed set.
/// </summary>
public static class ShellFrameTypes
{
    /// <summary>Output of the pseudo-terminal (a PTY merges standard output and standard error).</summary>
    public const string Stdout = "stdout";

    /// <summary>Output known to come from standard error.</summary>
    public const string Stderr = "stderr";

    /// <summary>A billing status update.</summary>
    public const string Billing = "billing";

    /// <summary>The balance paying for the sandbox is running low.</summary>
    public const string LowBalance = "low_balance";

    /// <summary>Payment is needed to continue (a new invoice is pending).</summary>
    public const string DepositRequired = "deposit_required";

    /// <summary>The balance is depleted: the sandbox pauses and the session ends.</summary>
    public const string OutOfBalance = "out_of_balance";

    /// <summary>A server-side error concerning the session.</summary>
    public const string Error = "error";
}
