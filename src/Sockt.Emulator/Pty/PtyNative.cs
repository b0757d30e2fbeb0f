using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sockt.Emulator.Pty;

/// <summary>
/// The few libc calls a pseudo-terminal needs, for Linux x64/arm64 (both use the asm-generic ioctl and open
/// flag numbers below). Every signature is blittable, so no marshalling code and no unsafe blocks are needed.
/// File descriptors travel as <see cref="SafeFileHandle"/>, which the runtime passes as a pointer-sized
/// integer; on the 64-bit Linux ABIs the callee reads the low 32 bits, which is the int fd.
/// </summary>
internal static class PtyNative
{
    private const string Libc = "libc";

    internal const int ORdWr = 0x2;
    internal const int ONoCtty = 0x100;
    internal const int ONonBlock = 0x800;
    internal const int OCloExec = 0x80000;
    internal const int EfdCloExec = OCloExec;
    internal const int EfdNonBlock = ONonBlock;

    internal const ulong TiocSWinSz = 0x5414;
    internal const ulong TiocGWinSz = 0x5413;
    internal const ulong TiocGSid = 0x5429;

    internal const short PollIn = 0x1;
    internal const short PollOut = 0x4;
    internal const short PollErr = 0x8;
    internal const short PollHup = 0x10;
    internal const short PollNVal = 0x20;

    internal const int EIntr = 4;
    internal const int EIo = 5;
    internal const int EAgain = 11;
    internal const int ESrch = 3;

    internal const int SigKill = 9;

    /// <summary>Mirror of <c>struct winsize</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    /// <summary>Mirror of <c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int Fd;
        public short Events;
        public short REvents;
    }

    [DllImport(Libc, SetLastError = true)]
    private static extern int posix_openpt(int flags);

    [DllImport(Libc, SetLastError = true)]
    private static extern int grantpt(SafeFileHandle fd);

    [DllImport(Libc, SetLastError = true)]
    private static extern int unlockpt(SafeFileHandle fd);

    [DllImport(Libc, SetLastError = true)]
    private static extern int ptsname_r(SafeFileHandle fd, byte[] buffer, nuint length);

    [DllImport(Libc, SetLastError = true)]
    private static extern int open(byte[] path, int flags);

    [DllImport(Libc, SetLastError = true)]
    private static extern int eventfd(uint initialValue, int flags);

    [DllImport(Libc, SetLastError = true)]
    internal static extern nint read(SafeFileHandle fd, byte[] buffer, nint count);

    [DllImport(Libc, SetLastError = true)]
    internal static extern nint write(SafeFileHandle fd, ref byte buffer, nint count);

    [DllImport(Libc, SetLastError = true)]
    internal static extern int ioctl(SafeFileHandle fd, ulong request, ref WinSize size);

    [DllImport(Libc, SetLastError = true)]
    internal static extern int ioctl(SafeFileHandle fd, ulong request, out int value);

    [DllImport(Libc, SetLastError = true)]
    internal static extern int poll([In, Out] PollFd[] fds, nuint count, int timeoutMilliseconds);

    [DllImport(Libc, SetLastError = true)]
    internal static extern int kill(int pid, int signal);

    /// <summary>Opens a new master (non-blocking, close-on-exec) and unlocks its slave.</summary>
    internal static SafeFileHandle OpenMaster()
    {
        var fd = posix_openpt(ORdWr | ONoCtty | ONonBlock | OCloExec);
        if (fd < 0)
        {
            throw LastError("posix_openpt");
        }

        var master = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            if (grantpt(master) != 0)
            {
                throw LastError("grantpt");
            }

            if (unlockpt(master) != 0)
            {
                throw LastError("unlockpt");
            }

            return master;
        }
        catch
        {
            master.Dispose();
            throw;
        }
    }

    /// <summary>The path of the slave device of <paramref name="master"/>, e.g. /dev/pts/3.</summary>
    internal static string SlavePath(SafeFileHandle master)
    {
        var buffer = new byte[256];
        var error = ptsname_r(master, buffer, (nuint)buffer.Length);
        if (error != 0)
        {
            throw new IOException($"ptsname_r failed (errno {error}).");
        }

        return Encoding.UTF8.GetString(buffer, 0, Array.IndexOf(buffer, (byte)0));
    }

    /// <summary>Opens the slave without making it our own controlling terminal.</summary>
    internal static SafeFileHandle OpenSlave(string path)
    {
        var fd = open(CString(path), ORdWr | ONoCtty | OCloExec);
        if (fd < 0)
        {
            throw LastError($"open({path})");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>An eventfd used to wake the reader thread out of poll().</summary>
    internal static SafeFileHandle CreateEventFd()
    {
        var fd = eventfd(0, EfdCloExec | EfdNonBlock);
        if (fd < 0)
        {
            throw LastError("eventfd");
        }

        return new SafeFileHandle(fd, ownsHandle: true);
    }

    internal static void SetWindowSize(SafeFileHandle master, int columns, int rows)
    {
        var size = new WinSize { Columns = (ushort)columns, Rows = (ushort)rows };
        if (ioctl(master, TiocSWinSz, ref size) != 0)
        {
            throw LastError("ioctl(TIOCSWINSZ)");
        }
    }

    internal static (int Columns, int Rows) GetWindowSize(SafeFileHandle master)
    {
        var size = default(WinSize);
        if (ioctl(master, TiocGWinSz, ref size) != 0)
        {
            throw LastError("ioctl(TIOCGWINSZ)");
        }

        return (size.Columns, size.Rows);
    }

    /// <summary>The session that has the slave as its controlling terminal, or null if none has (yet).</summary>
    internal static int? SessionOf(SafeFileHandle master)
    {
        return ioctl(master, TiocGSid, out var sid) == 0 && sid > 0 ? sid : null;
    }

    internal static IOException LastError(string operation)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
    }

    private static byte[] CString(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
