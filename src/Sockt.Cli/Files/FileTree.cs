using Sockt.Models;
namespace Sockt.Cli.Files;

/// <summary>Which files a put or get moves, and where each one goes.</summary>
internal static class FileTree
{
    /// <summary>A file to download: its sandbox path, its local path and its listed size.</summary>
    public sealed record RemoteFile(string Remote, string Local, long Size);

    /// <summary>The files under <paramref name="local"/> (or the file itself) with their sandbox paths.</summary>
    public static IReadOnlyList<(string Local, string Remote)> LocalFiles(string local, string remote)
    {
        if (File.Exists(local))
        {
            return [(local, remote)];
        }

        if (!Directory.Exists(local))
        {
            throw new FileNotFoundException($"{local}: no such file or directory");
        }

        return Directory.EnumerateFiles(local, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (path, JoinRemote(remote, Path.GetRelativePath(local, path).Replace(Path.DirectorySeparatorChar, '/'))))
            .ToList();
    }

    /// <summary>
    /// The files under <paramref name="remote"/>, found by listing one directory at a time (the names of a
    /// non-recursive listing are plain names everywhere), or <paramref name="remote"/> itself when it is a file.
    /// </summary>
    public static async Task<IReadOnlyList<RemoteFile>> RemoteFilesAsync(Sandbox sandbox, string remote, string local, CancellationToken cancellationToken)
    {
        IReadOnlyList<FileEntry> entries;
        try
        {
            entries = await sandbox.ListFilesAsync(remote, cancellationToken: cancellationToken);
        }
        catch (SocktException e) when (e.StatusCode is 400)
        {
            // Not a directory: a single file (a missing one fails on the read with the service's message). Into an
            // existing local directory it goes under its own name, as with cp.
            var target = Directory.Exists(local) ? Path.Combine(local, remote.TrimEnd('/').Split('/')[^1]) : local;
            return [new RemoteFile(remote, target, 0)];
        }

        var files = new List<RemoteFile>();
        foreach (var entry in entries.Where(e => !string.IsNullOrEmpty(e.Name)))
        {
            var childRemote = JoinRemote(remote, entry.Name!);
            var childLocal = Path.Combine(local, entry.Name!);
            if (entry.IsDir == true)
            {
                Directory.CreateDirectory(childLocal);
                files.AddRange(await RemoteFilesAsync(sandbox, childRemote, childLocal, cancellationToken));
            }
            else if (entry.IsFile != false)
            {
                files.Add(new RemoteFile(childRemote, childLocal, entry.Size ?? 0));
            }
        }

        Directory.CreateDirectory(local);
        return files;
    }

    private static string JoinRemote(string directory, string name) => directory.TrimEnd('/') + "/" + name;
}
