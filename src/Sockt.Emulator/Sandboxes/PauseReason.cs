namespace Sockt.Emulator.Sandboxes;

/// <summary>Why a paused sandbox is paused: resuming after an out-of-balance pause needs money first.</summary>
internal enum PauseReason
{
    None,
    User,
    OutOfBalance,
}
