using System.Runtime.InteropServices;

namespace Sockt.Emulator.Processes;

/// <summary>The few libc calls .NET does not wrap.</summary>
internal static partial class NativeMethods
{
    public const int SigKill = 9;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
