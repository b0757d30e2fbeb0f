namespace Sockt.Emulator.Processes;

/// <summary>How sandbox processes are frozen and killed as groups. Auto picks the first that works here, in this order.</summary>
internal enum ProcessControl
{
    Auto,
    CgroupV1,
    CgroupV2,
    Signals,
}
