namespace Sockt.Emulator.Sandboxes;

/// <summary>A billing event shells forward as frames (<c>low_balance</c>, <c>deposit_required</c>, <c>out_of_balance</c>, <c>billing</c>).</summary>
internal sealed record BillingNotice(string FrameType, string Message);
