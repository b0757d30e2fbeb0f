using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// The Linux calls that open files relative to a directory descriptor without leaving it (openat2(2) with
/// RESOLVE_BENEATH). Flag values are the x86_64 ones except where arm64 differs (O_DIRECTORY, O_NOFOLLOW).
/// </summary>
internal static unsafe partial class ConfinedNative
{
    public const int ENoEnt = 2;
    public const int EAgain = 11;
    public const int EExist = 17;
    public const int EXDev = 18;
    public const int ENotDir = 20;
    public const int EIsDir = 21;
    public const int ENxIo = 6;
    public const int ELoop = 40;
    public const int ENoSpc = 28;
    public const int ENameTooLong = 36;
    public const int EDQuot = 122;

    public const ulong ORdOnly = 0x0;
    public const ulong OWrOnly = 0x1;
    public const ulong OCreat = 0x40;
    public const ulong ONoCtty = 0x100;
    public const ulong OTrunc = 0x200;
    public const ulong ONonBlock = 0x800;
    public const ulong OCloExec = 0x80000;
    public const ulong OPath = 0x200000;

    /// <summary>Do not cross a mount point: the home is one directory tree.</summary>
    public const ulong ResolveNoXdev = 0x01;

    /// <summary>Refuse /proc/self/fd style links, which jump anywhere.</summary>
    public const ulong ResolveNoMagicLinks = 0x02;

    /// <summary>Refuse every symbolic link on the way.</summary>
    public const ulong ResolveNoSymlinks = 0x04;

    /// <summary>Every step of the lookup stays under the starting directory (absolute links and escaping '..' fail with EXDEV).</summary>
    public const ulong ResolveBeneath = 0x08;

    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxBasicStats = 0x7ff;

    public const int SIfMt = 0xF000;
    public const int SIfDir = 0x4000;
    public const int SIfReg = 0x8000;
    public const int SIfLnk = 0xA000;

    /// <summary>openat2 has the same number on every Linux architecture (it is newer than the unified syscall table).</summary>
    private const long SysOpenat2 = 437;

    public static ulong ODirectory => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000UL : 0x10000UL;

    public static ulong ONoFollow => RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x8000UL : 0x20000UL;

    /// <summary>Mirror of <c>struct open_how</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    /// <summary>The fields of <c>struct statx</c> (256 bytes, the same layout on every architecture) the file API reads.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    public struct StatxBuffer
    {
        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(24)]
        public uint Gid;

        [FieldOffset(28)]
        public ushort Mode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(112)]
        public long ModifiedSeconds;

        public readonly int Kind => Mode & SIfMt;
    }

    /// <summary>openat2(2) relative to <paramref name="directory"/>; returns 0 or the errno, retrying the EAGAIN a concurrent rename can cause.</summary>
    public static int OpenAt2(SafeFileHandle directory, string path, ulong flags, ulong mode, ulong resolve, out SafeFileHandle handle) =>
        OpenAt2(directory, NullTerminated(path), flags, mode, resolve, out handle);

    /// <summary>As above, with the path as raw bytes (a directory entry's name need not be valid UTF-8).</summary>
    public static int OpenAt2(SafeFileHandle directory, byte[] path, ulong flags, ulong mode, ulong resolve, out SafeFileHandle handle)
    {
        var how = new OpenHow { Flags = flags | OCloExec, Mode = mode, Resolve = resolve };
        var added = false;
        try
        {
            directory.DangerousAddRef(ref added);
            for (var attempt = 0; ; attempt++)
            {
                long fd;
                fixed (byte* name = path)
                {
                    fd = Openat2Syscall(SysOpenat2, directory.DangerousGetHandle(), name, ref how, (nuint)sizeof(OpenHow));
                }

                if (fd >= 0)
                {
                    handle = new SafeFileHandle((nint)fd, ownsHandle: true);
                    return 0;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno != EAgain || attempt >= 8)
                {
                    handle = new SafeFileHandle();
                    return errno;
                }
            }
        }
        finally
        {
            if (added)
            {
                directory.DangerousRelease();
            }
        }
    }

    /// <summary>Opens a host directory (the emulator's own path, not a client's) as a lookup root.</summary>
    public static SafeFileHandle OpenRoot(string directory)
    {
        var how = new OpenHow { Flags = OPath | ODirectory | ONoFollow | OCloExec };
        long fd;
        fixed (byte* path = NullTerminated(directory))
        {
            fd = Openat2Syscall(SysOpenat2, AtFdCwd, path, ref how, (nuint)sizeof(OpenHow));
        }

        return fd >= 0
            ? new SafeFileHandle((nint)fd, ownsHandle: true)
            : throw new IOException($"cannot open the sandbox home (errno {Marshal.GetLastPInvokeError()}); the file API needs Linux 5.6 or later (openat2)");
    }

    /// <summary>mkdirat(2) of one name directly inside <paramref name="directory"/>; returns 0 or the errno.</summary>
    public static int MakeDirectoryAt(SafeFileHandle directory, string name) =>
        MkdirAt(directory, name, 0x1FF) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>statx(2) of <paramref name="name"/> inside <paramref name="directory"/> (never following a final link), or of the descriptor itself when empty.</summary>
    public static bool TryStat(SafeFileHandle directory, string name, out StatxBuffer stat) =>
        TryStat(directory, NullTerminated(name), out stat);

    /// <summary>As above, with the name as raw bytes.</summary>
    public static bool TryStat(SafeFileHandle directory, byte[] name, out StatxBuffer stat)
    {
        fixed (byte* path = name)
        {
            return Statx(directory, path, AtSymlinkNoFollow | (name.Length == 1 ? AtEmptyPath : 0), StatxBasicStats, out stat) == 0;
        }
    }

    /// <summary>The names in an open directory, without "." and "..", each as text and as its NUL-terminated bytes.</summary>
    public static List<(string Text, byte[] Raw)> ReadNames(SafeFileHandle directory)
    {
        var names = new List<(string Text, byte[] Raw)>();
        var buffer = new byte[32 * 1024];
        while (true)
        {
            nint read;
            fixed (byte* start = buffer)
            {
                read = GetDents64(directory, start, (nuint)buffer.Length);
            }

            if (read < 0)
            {
                throw new IOException($"cannot read a directory (errno {Marshal.GetLastPInvokeError()})");
            }

            if (read == 0)
            {
                return names;
            }

            // struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, NUL-terminated name.
            for (var offset = 0; offset < read;)
            {
                var length = BitConverter.ToUInt16(buffer, offset + 16);
                var nameStart = offset + 19;
                var nameEnd = Array.IndexOf(buffer, (byte)0, nameStart, offset + length - nameStart);
                var raw = buffer.AsSpan(nameStart, (nameEnd < 0 ? offset + length : nameEnd) - nameStart);
                var name = System.Text.Encoding.UTF8.GetString(raw);
                if (name is not ("." or ".."))
                {
                    names.Add((name, [.. raw, 0]));
                }

                offset += length;
            }
        }
    }

    /// <summary>
    /// Gives <paramref name="created"/> the owner of <paramref name="parent"/>, the directory it was just created in. The
    /// emulator runs the file API as root while the sandbox runs as a user of its own: what the API writes must stay
    /// the sandbox's to change. Nothing happens when the owners already match (the emulator is not root).
    /// </summary>
    public static void InheritOwner(SafeFileHandle parent, SafeFileHandle created)
    {
        if (TryStat(parent, "", out var directory) && TryStat(created, "", out var entry) && (directory.Uid != entry.Uid || directory.Gid != entry.Gid))
        {
            fixed (byte* empty = NullTerminated(""))
            {
                _ = FChownAt(created, empty, directory.Uid, directory.Gid, AtEmptyPath);
            }
        }
    }

    /// <summary>unlinkat(2) of one raw name inside <paramref name="directory"/> (rmdir semantics when <paramref name="directory"/> is set); 0 or the errno.</summary>
    public static int RemoveEntry(SafeFileHandle parent, byte[] name, bool directory)
    {
        fixed (byte* path = name)
        {
            return UnlinkAt(parent, path, directory ? AtRemoveDir : 0) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }

    private const int AtRemoveDir = 0x200;

    private const int AtFdCwd = -100;

    private static byte[] NullTerminated(string path) => [.. System.Text.Encoding.UTF8.GetBytes(path), 0];

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Openat2Syscall(long number, nint directory, byte* path, ref OpenHow how, nuint size);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdirAt(SafeFileHandle directory, string name, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true)]
    private static partial int UnlinkAt(SafeFileHandle directory, byte* name, int flags);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true)]
    private static partial int FChownAt(SafeFileHandle file, byte* name, uint owner, uint group, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static partial int Statx(SafeFileHandle directory, byte* name, int flags, uint mask, out StatxBuffer stat);

    [LibraryImport("libc", EntryPoint = "getdents64", SetLastError = true)]
    private static partial nint GetDents64(SafeFileHandle directory, byte* buffer, nuint count);
}
