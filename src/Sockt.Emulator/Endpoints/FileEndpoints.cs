using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints;

/// <summary>Write, read and list files inside a sandbox home.</summary>
internal static class FileEndpoints
{
    /// <summary>Most bytes one read returns; larger files come back truncated.</summary>
    public const int MaxReadBytes = 64 * 1024 * 1024;

    /// <summary>Most entries one listing returns.</summary>
    public const int MaxListEntries = 10_000;

    private const int MaxListDepth = 64;
    private const long DirectorySize = 4096;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/sandboxes/{sandbox_id}/files/write", WriteAsync);
        app.MapPost("/v1/sandboxes/{sandbox_id}/files/read", ReadAsync);
        app.MapGet("/v1/sandboxes/{sandbox_id}/files", ListAsync);
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var body = await JsonRequest.ReadAsync(context, required: true);
        var (_, sandbox) = context.OwnedSandbox(body.GetString("sandbox_token"));
        var path = RequirePath(body.GetString("path", required: true));
        var content = body.GetString("content", required: true)!;
        var bytes = Decode(content, body.GetString("encoding"));
        var createDirs = body.GetBoolean("create_dirs") ?? true;
        var target = SandboxPath.Resolve(sandbox.HomeDirectory, path);
        sandboxes.RequireDataPlane(sandbox);

        if (Directory.Exists(target.HostPath))
        {
            throw ApiException.InvalidParams($"'{target.SandboxView}' is a directory");
        }

        var parent = Path.GetDirectoryName(target.HostPath)!;
        var createdDirs = false;
        if (File.Exists(parent))
        {
            throw ApiException.InvalidParams($"a parent of '{target.SandboxView}' is a file, not a directory");
        }

        if (!Directory.Exists(parent))
        {
            if (!createDirs)
            {
                throw ApiException.NotFound($"the parent directory of '{target.SandboxView}' does not exist (send create_dirs: true to create it)");
            }

            Directory.CreateDirectory(parent);
            createdDirs = true;
        }

        await File.WriteAllBytesAsync(target.HostPath, bytes, context.RequestAborted);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["path"] = target.SandboxView,
            ["bytes_written"] = bytes.LongLength,
            ["created_dirs"] = createdDirs,
        });
    }

    private static async Task ReadAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var body = await JsonRequest.ReadAsync(context, required: true);
        var (_, sandbox) = context.OwnedSandbox(body.GetString("sandbox_token"));
        var path = RequirePath(body.GetString("path", required: true));
        var encoding = NormalizeEncoding(body.GetString("encoding"));
        var maxBytes = body.GetInt64("max_bytes");
        if (maxBytes is < 0)
        {
            throw ApiException.InvalidParams("'max_bytes' must not be negative");
        }

        var target = SandboxPath.Resolve(sandbox.HomeDirectory, path);
        sandboxes.RequireDataPlane(sandbox);
        if (Directory.Exists(target.HostPath))
        {
            throw ApiException.InvalidParams($"'{target.SandboxView}' is a directory; list it with GET /v1/sandboxes/{{id}}/files");
        }

        if (!File.Exists(target.HostPath))
        {
            throw ApiException.NotFound($"file '{target.SandboxView}' not found");
        }

        await using var stream = new FileStream(target.HostPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        var size = stream.Length;
        var limit = (int)Math.Min(Math.Min(maxBytes ?? long.MaxValue, MaxReadBytes), size);
        var buffer = new byte[limit];
        await stream.ReadExactlyAsync(buffer, context.RequestAborted);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["path"] = target.SandboxView,
            ["size_bytes"] = size,
            ["size"] = size,
            ["encoding"] = encoding,
            ["truncated"] = limit < size,
            ["content"] = encoding == "base64" ? Convert.ToBase64String(buffer) : Encoding.UTF8.GetString(buffer),
        });
    }

    private static async Task ListAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var (_, sandbox) = context.OwnedSandbox();
        var query = context.Request.Query;
        var path = query["path"].ToString();
        var recursive = ParseBoolean(query["recursive"].ToString(), "recursive");
        var maxDepth = ParseDepth(query["max_depth"].ToString());
        var target = SandboxPath.Resolve(sandbox.HomeDirectory, path.Length == 0 ? "." : path);
        sandboxes.RequireDataPlane(sandbox);
        if (File.Exists(target.HostPath))
        {
            throw ApiException.InvalidParams($"'{target.SandboxView}' is a file, not a directory");
        }

        if (!Directory.Exists(target.HostPath))
        {
            throw ApiException.NotFound($"directory '{target.SandboxView}' not found");
        }

        var entries = new JsonArray();
        AddEntries(entries, new DirectoryInfo(target.HostPath), "", recursive ? Math.Min(maxDepth ?? MaxListDepth, MaxListDepth) : 0, 0);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["entries"] = entries,
            ["total_entries"] = entries.Count,
        });
    }

    /// <summary>Lists <paramref name="directory"/>; in recursive listings names are paths relative to the listed directory.</summary>
    private static void AddEntries(JsonArray entries, DirectoryInfo directory, string prefix, int maxDepth, int depth)
    {
        var options = new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = true, RecurseSubdirectories = false };
        foreach (var info in directory.EnumerateFileSystemInfos("*", options).OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            if (entries.Count >= MaxListEntries)
            {
                return;
            }

            var isLink = info.LinkTarget is not null;
            var isDir = !isLink && info is DirectoryInfo;
            var isFile = !isLink && info is FileInfo;
            entries.Add(new JsonObject
            {
                ["name"] = prefix + info.Name,
                ["size"] = isFile ? ((FileInfo)info).Length : isDir ? DirectorySize : Encoding.UTF8.GetByteCount(info.LinkTarget ?? ""),
                ["mod_ts"] = new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeSeconds(),
                ["is_dir"] = isDir,
                ["is_file"] = isFile,
            });

            // Symbolic links are listed, never followed: a link may point outside the home.
            if (isDir && depth < maxDepth)
            {
                AddEntries(entries, (DirectoryInfo)info, prefix + info.Name + "/", maxDepth, depth + 1);
            }
        }
    }

    private static string RequirePath(string? path) =>
        string.IsNullOrEmpty(path) ? throw ApiException.InvalidParams("'path' must not be empty") : path;

    private static string NormalizeEncoding(string? encoding) => encoding?.ToLowerInvariant() switch
    {
        null or "" or "utf8" or "utf-8" => "utf8",
        "base64" => "base64",
        _ => throw ApiException.InvalidParams($"unsupported encoding '{encoding}'", "Use \"utf8\" or \"base64\""),
    };

    private static byte[] Decode(string content, string? encoding)
    {
        if (NormalizeEncoding(encoding) == "utf8")
        {
            return Encoding.UTF8.GetBytes(content);
        }

        try
        {
            return Convert.FromBase64String(content);
        }
        catch (FormatException)
        {
            throw ApiException.InvalidParams("'content' is not valid base64", "Encode the bytes with standard base64 (RFC 4648, with padding)");
        }
    }

    private static bool ParseBoolean(string value, string name) => value.ToLowerInvariant() switch
    {
        "" or "false" or "0" => false,
        "true" or "1" => true,
        _ => throw ApiException.InvalidParams($"'{name}' must be true or false"),
    };

    private static int? ParseDepth(string value)
    {
        if (value.Length == 0)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var depth)
            ? depth
            : throw ApiException.InvalidParams("'max_depth' must be a non-negative integer");
    }
}
