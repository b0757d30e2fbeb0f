using Microsoft.Win32.SafeHandles;
using static Sockt.Emulator.Sandboxes.ConfinedNative;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// Deletes a directory tree whatever bytes its names hold: a sandbox can create names that are not valid UTF-8, which
/// .NET's <see cref="Directory.Delete(string, bool)"/> cannot remove. Links are never followed and mount points are
/// never entered (a home still mounted somewhere stays, and so does its directory).
/// </summary>
internal static class TreeRemover
{
    private const ulong Inside = ResolveBeneath | ResolveNoSymlinks | ResolveNoMagicLinks | ResolveNoXdev;

    /// <summary>Removes <paramref name="directory"/> and everything in it.</summary>
    /// <exception cref="IOException">Something could not be removed (the directory is then left, not empty).</exception>
    public static void Remove(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        using (var root = OpenRoot(directory))
        {
            if (OpenAt2(root, ".", ORdOnly | ODirectory, 0, Inside, out var readable) == 0)
            {
                using (readable)
                {
                    RemoveContents(readable);
                }
            }
        }

        Directory.Delete(directory);
    }

    private static void RemoveContents(SafeFileHandle directory)
    {
        foreach (var (_, raw) in ReadNames(directory))
        {
            if (TryStat(directory, raw, out var stat) && stat.Kind == SIfDir)
            {
                if (OpenAt2(directory, raw, ORdOnly | ODirectory | ONoFollow, 0, Inside, out var child) == 0)
                {
                    using (child)
                    {
                        RemoveContents(child);
                    }
                }

                _ = RemoveEntry(directory, raw, directory: true);
            }
            else
            {
                _ = RemoveEntry(directory, raw, directory: false);
            }
        }
    }
}
