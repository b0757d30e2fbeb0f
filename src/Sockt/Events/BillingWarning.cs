namespace Sockt;

/// <summary>The data of a <c>low_balance</c> or <c>out_of_balance</c> event, taken from the status that raised it.</summary>
public class BillingWarning
{
    /// <summary>For mocking frameworks.</summary>
    protected BillingWarning()
    {
        WarningLevel = string.Empty;
    }

    internal BillingWarning(string warningLevel, long? secondsRemaining, long? prepaidBalanceMsats, string? status)
    {
        WarningLevel = warningLevel;
        SecondsRemaining = secondsRemaining;
        PrepaidBalanceMsats = prepaidBalanceMsats;
        Status = status;
    }

    /// <summary><c>low_balance</c> (raised as <see cref="Sandbox.LowBalance"/>) or <c>out_of_balance</c> (<see cref="Sandbox.OutOfBalance"/>).</summary>
    public virtual string WarningLevel { get; }

    /// <summary>Estimated seconds of compute left, when reported.</summary>
    public virtual long? SecondsRemaining { get; }

    /// <summary>Remaining prepaid balance in millisatoshis, when reported.</summary>
    public virtual long? PrepaidBalanceMsats { get; }

    /// <summary>The sandbox's lifecycle state at the time.</summary>
    public virtual string? Status { get; }

    /// <summary>Describes the warning.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"BillingWarning({WarningLevel}, SecondsRemaining={SecondsRemaining}, PrepaidBalanceMsats={PrepaidBalanceMsats}, Status={Status})";
}
