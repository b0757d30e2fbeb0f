namespace Sockt;

/// <summary>Arguments of <see cref="Sandbox.LowBalance"/> and <see cref="Sandbox.OutOfBalance"/>.</summary>
public class BillingWarningEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="warning">The warning.</param>
    public BillingWarningEventArgs(BillingWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        Warning = warning;
    }

    /// <summary>The warning.</summary>
    public BillingWarning Warning { get; }
}
