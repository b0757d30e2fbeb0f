using Sockt.Emulator.Http;

namespace Sockt.Emulator.Sandboxes;

/// <summary>
/// A path confined to a sandbox home: <see cref="SandboxView"/> is how the sandbox sees it (under /home/sandbox),
/// <see cref="HostPath"/> where it lives on the host, <see cref="Relative"/> the same path relative to the home ("" for the home).
/// </summary>
internal sealed record SandboxPath(string SandboxView, string HostPath, string Relative)
{
    private const int MaxSymlinkHops = 40;

    /// <summary>Linux's NAME_MAX: the longest file name, in bytes.</summary>
    public const int MaxNameBytes = 255;

    /// <summary>The longest path the API accepts, in bytes as the sandbox sees it (Linux's PATH_MAX, 4096, counts the NUL).</summary>
    public const int MaxPathBytes = 4095;

    /// <summary>
    /// Resolves a client path (relative to /home/sandbox, or absolute under it), following symbolic links the way the
    /// sandbox would see them, and refuses anything that ends up outside the home with 400 <c>bad_request</c>.
    /// The final component is followed only when <paramref name="followFinalLink"/> is true.
    /// </summary>
    public static SandboxPath Resolve(string homeDirectory, string path, bool followFinalLink = true)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw ApiException.BadRequest("path contains a NUL byte");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            throw ApiException.InvalidParams($"path is longer than {MaxPathBytes} bytes");
        }

        var pending = new LinkedList<string>(ComponentsUnderHome(path, "path"));
        var resolved = new List<string>();
        var hops = 0;
        while (pending.First is { } node)
        {
            var component = node.Value;
            pending.RemoveFirst();
            if (component is "" or ".")
            {
                continue;
            }

            if (component == "..")
            {
                if (resolved.Count == 0)
                {
                    throw ApiException.BadRequest("path escapes the sandbox home (/home/sandbox)");
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            // Checked before the host is asked: its errors (ENAMETOOLONG) would name the host path.
            if (System.Text.Encoding.UTF8.GetByteCount(component) > MaxNameBytes)
            {
                throw ApiException.InvalidParams($"a name in the path is longer than {MaxNameBytes} bytes");
            }

            var relativeSoFar = string.Join('/', resolved.Append(component));
            if (System.Text.Encoding.UTF8.GetByteCount(relativeSoFar) + SandboxLauncher.SandboxHome.Length + 1 > MaxPathBytes)
            {
                throw ApiException.InvalidParams($"path is longer than {MaxPathBytes} bytes (after following symbolic links)");
            }

            var candidate = Path.Combine(homeDirectory, relativeSoFar);
            var isLast = pending.Count == 0;
            string? target;
            try
            {
                target = isLast && !followFinalLink ? null : new FileInfo(candidate).LinkTarget;
            }
            catch (PathTooLongException)
            {
                // The home's own host path counts too; the message must not show it.
                throw ApiException.InvalidParams("path is too long");
            }

            if (target is null)
            {
                resolved.Add(component);
                continue;
            }

            if (++hops > MaxSymlinkHops)
            {
                throw ApiException.BadRequest("too many levels of symbolic links");
            }

            if (target.StartsWith('/'))
            {
                // An absolute link target is read as the sandbox sees it.
                resolved.Clear();
                foreach (var part in ComponentsUnderHome(target, "symbolic link target").Reverse())
                {
                    pending.AddFirst(part);
                }
            }
            else
            {
                foreach (var part in target.Split('/').Reverse())
                {
                    pending.AddFirst(part);
                }
            }
        }

        var relative = string.Join('/', resolved);
        return new SandboxPath(
            relative.Length == 0 ? SandboxLauncher.SandboxHome : SandboxLauncher.SandboxHome + "/" + relative,
            relative.Length == 0 ? homeDirectory : Path.Combine(homeDirectory, relative),
            relative);
    }

    private static string[] ComponentsUnderHome(string path, string what)
    {
        if (!path.StartsWith('/'))
        {
            return path.Split('/');
        }

        var normalizedPrefix = SandboxLauncher.SandboxHome;
        var trimmed = "/" + string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        if (trimmed == normalizedPrefix)
        {
            return [];
        }

        if (trimmed.StartsWith(normalizedPrefix + "/", StringComparison.Ordinal))
        {
            return trimmed[(normalizedPrefix.Length + 1)..].Split('/');
        }

        throw ApiException.BadRequest(what == "path"
            ? $"absolute path '{path}' is outside the sandbox home (/home/sandbox)"
            : "symbolic link points outside the sandbox home (/home/sandbox)");
    }
}
