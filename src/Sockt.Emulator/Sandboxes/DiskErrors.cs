namespace Sockt.Emulator.Sandboxes;

/// <summary>Recognizes "the disk (or a quota) is full" among errnos and I/O exceptions.</summary>
internal static class DiskErrors
{
    public static bool IsFull(int errno) => errno is ConfinedNative.ENoSpc or ConfinedNative.EDQuot;

    /// <summary>.NET reports the errno of a failed file operation as the exception's HResult.</summary>
    public static bool IsFull(IOException e) => IsFull(e.HResult);
}
