namespace Sockt.Emulator.Billing;

/// <summary>How a sandbox is paid for.</summary>
internal enum BillingMethod
{
    Credits,
    Lightning,
}
