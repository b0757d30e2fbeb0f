namespace Sockt;

/// <summary>The data of a <c>low_balance</c> or <c>out_of_balance</c> event, taken from the status that raised it.</summary>
public class BillingWarning
{
    /// <summary>For mocking frameworks.</summary>
    protected BillingWarning()
    {
    }

    internal BillingWarning(WarningLevel warningLevel, TimeSpan? timeRemaining, long? prepaidBalanceMsats, SandboxState? status)
    {
        WarningLevel = warningLevel;
        TimeRemaining = timeRemaining;
        PrepaidBalanceMsats = prepaidBalanceMsats;
        Status = status;
    }

    /// <summary><see cref="Sockt.WarningLevel.LowBalance"/> or <see cref="Sockt.WarningLevel.OutOfBalance"/>.</summary>
    public virtual WarningLevel WarningLevel { get; }

    /// <summary>Estimated compute time left, when reported.</summary>
    public virtual TimeSpan? TimeRemaining { get; }

    /// <summary>Remaining prepaid balance in millisatoshis, when reported.</summary>
    public virtual long? PrepaidBalanceMsats { get; }

    /// <summary>The sandbox's lifecycle state at the time.</summary>
    public virtual SandboxState? Status { get; }

    /// <summary>Describes the warning.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"BillingWarning({WarningLevel}, TimeRemaining={TimeRemaining}, PrepaidBalanceMsats={PrepaidBalanceMsats}, Status={Status})";
}
