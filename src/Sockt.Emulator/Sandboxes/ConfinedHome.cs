using Microsoft.Win32.SafeHandles;
using static Sockt.Emulator.Sandboxes.ConfinedNative;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// A sandbox home held open as a directory descriptor. Every lookup starts there and the kernel keeps it beneath
/// (openat2 with RESOLVE_BENEATH), so a process in the sandbox that swaps a directory for a symbolic link after
/// <see cref="SandboxPath.Resolve"/> checked the path cannot redirect the file API outside the home.
/// Methods return 0 or an errno; callers turn errnos into API errors.
/// </summary>
internal sealed class ConfinedHome : IDisposable
{
    /// <summary>How full paths are looked up: links that stay beneath the home are followed, anything else fails.</summary>
    private const ulong Beneath = ResolveBeneath | ResolveNoMagicLinks;

    /// <summary>How one name inside an already-open directory is looked up: resolved paths hold no links, so none is followed.</summary>
    private const ulong NoLinks = ResolveBeneath | ResolveNoMagicLinks | ResolveNoSymlinks;

    private readonly SafeFileHandle root;

    private ConfinedHome(SafeFileHandle root) => this.root = root;

    /// <summary>Opens <paramref name="homeDirectory"/> (a host path the emulator created) as the lookup root.</summary>
    public static ConfinedHome Open(string homeDirectory) => new(OpenRoot(homeDirectory));

    /// <summary>True when <paramref name="errno"/> means the lookup tried to leave the home or met a refused link.</summary>
    public static bool IsEscape(int errno) => errno is EXDev or ELoop;

    /// <summary>Opens <paramref name="relative"/> (relative to the home, "" for the home) with <paramref name="flags"/>.</summary>
    public int TryOpen(string relative, ulong flags, out SafeFileHandle handle) =>
        // openat2 refuses flags that mean nothing with O_PATH (EINVAL), so O_NOCTTY goes only with real opens.
        OpenAt2(root, relative.Length == 0 ? "." : relative, (flags & OPath) != 0 ? flags : flags | ONoCtty, 0, Beneath, out handle);

    /// <summary>Opens <paramref name="relative"/> as a directory to look names up in (ENOTDIR when it or a parent is not one).</summary>
    public int TryOpenDirectory(string relative, out SafeFileHandle directory) =>
        TryOpen(relative, OPath | ODirectory, out directory);

    /// <summary>Creates or truncates the regular file <paramref name="name"/> inside <paramref name="directory"/> for writing, never through a link.</summary>
    public static int TryCreateFile(SafeFileHandle directory, string name, out SafeFileHandle file)
    {
        // O_NONBLOCK: opening a FIFO planted under this name must not hang the request; the caller refuses non-files.
        var errno = OpenAt2(directory, name, OWrOnly | OCreat | OTrunc | ONoFollow | ONonBlock | ONoCtty, 0x1B6, NoLinks, out file);
        if (errno == 0 && (!TryStat(file, "", out var stat) || stat.Kind != SIfReg))
        {
            file.Dispose();
            return ENxIo;
        }

        if (errno == 0)
        {
            InheritOwner(directory, file);
        }

        return errno;
    }

    /// <summary>
    /// Opens the directory <paramref name="relative"/>, creating each missing component with mkdirat inside the one
    /// before it and reopening it without following links, so no component can be redirected while it is created.
    /// </summary>
    public int TryCreateDirectories(string relative, out SafeFileHandle directory, out bool created)
    {
        created = false;
        var errno = OpenAt2(root, ".", OPath | ODirectory, 0, NoLinks, out directory);
        foreach (var name in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (errno != 0)
            {
                break;
            }

            var made = MakeDirectoryAt(directory, name);
            created |= made == 0;
            if (made is not (0 or EExist))
            {
                errno = made;
                break;
            }

            errno = OpenAt2(directory, name, OPath | ODirectory, 0, NoLinks, out var next);
            if (errno == 0 && made == 0)
            {
                InheritOwner(directory, next);
            }

            directory.Dispose();
            directory = next;
        }

        if (errno != 0)
        {
            directory.Dispose();
        }

        return errno;
    }

    /// <summary>
    /// Lists an open directory: entries sorted by name, each followed by its own entries up to <paramref name="maxDepth"/>
    /// levels down. Entries are described with lstat semantics and subdirectories are opened without following links,
    /// so a listing never leaves the directory it started in.
    /// </summary>
    public static List<ConfinedEntry> List(SafeFileHandle directory, int maxDepth, int maxEntries)
    {
        var entries = new List<ConfinedEntry>();
        AddEntries(entries, directory, "", maxDepth, 0, maxEntries);
        return entries;
    }

    /// <summary>Reopens a directory held as a path-only descriptor so its names can be read.</summary>
    public static int TryOpenForListing(SafeFileHandle directory, out SafeFileHandle readable) =>
        OpenAt2(directory, ".", ORdOnly | ODirectory, 0, NoLinks, out readable);

    public void Dispose() => root.Dispose();

    private static void AddEntries(List<ConfinedEntry> entries, SafeFileHandle directory, string prefix, int maxDepth, int depth, int maxEntries)
    {
        foreach (var (name, raw) in ReadNames(directory).OrderBy(n => n.Text, StringComparer.Ordinal))
        {
            if (entries.Count >= maxEntries)
            {
                return;
            }

            // The raw bytes, not the decoded text: a name that is not valid UTF-8 is still found.
            if (!TryStat(directory, raw, out var stat))
            {
                // Removed since the directory was read.
                continue;
            }

            entries.Add(new ConfinedEntry(prefix + name, stat.Kind, (long)stat.Size, stat.ModifiedSeconds));
            if (stat.Kind == SIfDir && depth < maxDepth
                && OpenAt2(directory, raw, ORdOnly | ODirectory | ONoFollow, 0, NoLinks, out var child) == 0)
            {
                using (child)
                {
                    AddEntries(entries, child, prefix + name + "/", maxDepth, depth + 1, maxEntries);
                }
            }
        }
    }
}
