using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints;

/// <summary>Write, read and list files inside a sandbox home.</summary>
internal static class FileEndpoints
{
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
        using var transfer = context.RequestServices.GetRequiredService<FileTransferGate>().Enter();
        WriteFields? before = null;
        WriteTarget? direct = null;
        ContentDecoder? decoder = null;
        var answered = false;
        try
        {
            await using var scanned = await WriteBodyScanner.ReadAsync(context, async envelope =>
            {
                (before, direct) = await TryOpenBeforeContentAsync(context, envelope);
                if (direct is null)
                {
                    return null;
                }

                var file = direct.File;
                long offset = 0;
                decoder = new ContentDecoder(escaped: true, before!.Base64, async chunk =>
                {
                    await RandomAccess.WriteAsync(file, chunk, offset, context.RequestAborted);
                    offset += chunk.Length;
                });
                return decoder;
            });
            if (direct is not null)
            {
                await FinishDirectAsync(context, scanned, before!, direct, decoder!.Total);
            }
            else
            {
                await WriteSpooledAsync(context, scanned);
            }

            answered = true;
        }
        finally
        {
            if (direct is not null && !answered)
            {
                // A straight write that does not succeed leaves the file empty (what was written is dropped, as when
                // the disk fills up): the old content is gone once the file was opened, and half a file helps nobody.
                RandomAccess.SetLength(direct.File, 0);
            }

            decoder?.Dispose();
            direct?.Dispose();
        }
    }

    /// <summary>
    /// Opens the target as soon as the content starts, when the fields before it already say where and how (path,
    /// encoding, create_dirs: what the SDK sends first): the content is then decoded into the file as it arrives, with
    /// no spool. Anything missing or wrong falls back to the spool, and is answered from the whole body as before.
    /// </summary>
    private static async Task<(WriteFields? Fields, WriteTarget? Target)> TryOpenBeforeContentAsync(HttpContext context, ReadOnlyMemory<byte> envelope)
    {
        // The envelope so far ends inside the content string: closing it makes the fields before it a JSON object.
        var json = new byte[envelope.Length + 2];
        envelope.CopyTo(json);
        "\"}"u8.CopyTo(json.AsSpan(envelope.Length));
        try
        {
            var fields = WriteFields.Read(JsonRequest.Parse(json, required: true));
            if (fields is not { Path: not null, Encoding: not null, CreateDirs: { } createDirs })
            {
                return (null, null);
            }

            var (_, sandbox) = context.OwnedSandbox(fields.Token);
            return (fields, await OpenTargetAsync(context, sandbox, RequirePath(fields.Path), createDirs));
        }
        catch (ApiException)
        {
            return (null, null);
        }
    }

    /// <summary>Answers a straight write once its body has ended; the fields after the content must not change those before it.</summary>
    private static async Task FinishDirectAsync(HttpContext context, WriteBodyScanner scanned, WriteFields before, WriteTarget target, long length)
    {
        if (scanned.DirectFailure is { } failure)
        {
            throw failure is IOException ? DiskFull(target.SandboxView) : failure;
        }

        var body = JsonRequest.Parse(scanned.Envelope, required: true);
        if (WriteFields.Read(body) != before)
        {
            throw ApiException.InvalidParams("'path', 'encoding', 'create_dirs' and 'sandbox_token' are given again after 'content' with other values");
        }

        if (body.GetString("content", required: true) != "")
        {
            throw ApiException.InvalidParams("'content' is given twice");
        }

        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["path"] = target.SandboxView,
            ["bytes_written"] = length,
            ["created_dirs"] = target.CreatedDirs,
        });
    }

    /// <summary>A write whose content was spooled (or, with an escaped key, stayed in the envelope): decoded once the body has ended.</summary>
    private static async Task WriteSpooledAsync(HttpContext context, WriteBodyScanner scanned)
    {
        var body = JsonRequest.Parse(scanned.Envelope, required: true);
        var (_, sandbox) = context.OwnedSandbox(body.GetString("sandbox_token"));
        var path = RequirePath(body.GetString("path", required: true));
        var inline = body.GetString("content", required: true)!;
        var base64 = NormalizeEncoding(body.GetString("encoding")) == "base64";
        // A content key spelled with escapes is not seen by the scanner and stays in the (bounded) envelope.
        using var inlineContent = scanned.HasContent ? null : new MemoryStream(Encoding.UTF8.GetBytes(inline));
        var content = inlineContent ?? scanned.Content;
        var escaped = scanned.HasContent;
        // A first pass validates, so bad content is refused before the file is touched (as when it was decoded in memory).
        var length = await ContentDecoder.DecodeAsync(content, escaped, base64, sink: null, context.RequestAborted);
        var createDirs = body.GetBoolean("create_dirs") ?? true;
        using var target = await OpenTargetAsync(context, sandbox, path, createDirs);
        try
        {
            long offset = 0;
            await ContentDecoder.DecodeAsync(content, escaped, base64, async chunk =>
            {
                await RandomAccess.WriteAsync(target.File, chunk, offset, context.RequestAborted);
                offset += chunk.Length;
            }, context.RequestAborted);
        }
        catch (IOException e) when (DiskErrors.IsFull(e))
        {
            // What did fit is dropped: half a file helps nobody, and the space is the sandbox's.
            RandomAccess.SetLength(target.File, 0);
            throw DiskFull(target.SandboxView);
        }

        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["path"] = target.SandboxView,
            ["bytes_written"] = length,
            ["created_dirs"] = target.CreatedDirs,
        });
    }

    /// <summary>Creates or truncates the file to write, its parents too when asked; every lookup confined to the home.</summary>
    private static async Task<WriteTarget> OpenTargetAsync(HttpContext context, Sandbox sandbox, string path, bool createDirs)
    {
        var target = SandboxPath.Resolve(sandbox.HomeDirectory, path);
        context.Sandboxes().RequireDataPlane(sandbox);
        await AfterResolveAsync(context, target);
        if (target.Relative.Length == 0)
        {
            throw ApiException.InvalidParams($"'{target.SandboxView}' is a directory");
        }

        // Resolve checked the path; from here every lookup is confined to the home by the kernel, so a link swapped
        // in since then fails instead of redirecting the write.
        using var home = ConfinedHome.Open(sandbox.HomeDirectory);
        var slash = target.Relative.LastIndexOf('/');
        var parentPath = slash < 0 ? "" : target.Relative[..slash];
        var name = target.Relative[(slash + 1)..];
        var createdDirs = false;
        var errno = home.TryOpenDirectory(parentPath, out var parent);
        if (errno == ConfinedNative.ENoEnt && createDirs)
        {
            parent.Dispose();
            errno = home.TryCreateDirectories(parentPath, out parent, out createdDirs);
        }

        using (parent)
        {
            ThrowIfEscaped(errno);
            switch (errno)
            {
                case 0:
                    break;
                case ConfinedNative.ENoEnt:
                    throw ApiException.NotFound($"the parent directory of '{target.SandboxView}' does not exist (send create_dirs: true to create it)");
                case ConfinedNative.ENotDir:
                    throw ApiException.InvalidParams($"a parent of '{target.SandboxView}' is a file, not a directory");
                default:
                    throw FileError(errno, $"cannot open the parent of '{target.SandboxView}'");
            }

            errno = ConfinedHome.TryCreateFile(parent, name, out var file);
            if (errno == 0)
            {
                return new WriteTarget(file, target.SandboxView, createdDirs);
            }

            file.Dispose();
            ThrowIfEscaped(errno);
            throw errno switch
            {
                ConfinedNative.EIsDir => ApiException.InvalidParams($"'{target.SandboxView}' is a directory"),
                ConfinedNative.ENxIo => ApiException.InvalidParams($"'{target.SandboxView}' is not a regular file"),
                _ => FileError(errno, $"cannot open '{target.SandboxView}' for writing"),
            };
        }
    }

    /// <summary>The fields of a write that decide where and how its content goes (null when absent).</summary>
    private sealed record WriteFields(string? Path, string? Encoding, bool? CreateDirs, string? Token)
    {
        public bool Base64 => Encoding == "base64";

        /// <summary>Reads the fields (the encoding normalized); a field of the wrong type throws as it does for any write.</summary>
        public static WriteFields Read(JsonRequest body)
        {
            var encoding = body.GetString("encoding");
            return new WriteFields(
                body.GetString("path"),
                encoding is null ? null : NormalizeEncoding(encoding),
                body.GetBoolean("create_dirs"),
                body.GetString("sandbox_token"));
        }
    }

    private static async Task ReadAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var body = await JsonRequest.ReadAsync(context, required: true);
        using var transfer = context.RequestServices.GetRequiredService<FileTransferGate>().Enter();
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
        await AfterResolveAsync(context, target);
        using var home = ConfinedHome.Open(sandbox.HomeDirectory);
        // O_NONBLOCK: opening a FIFO must not hang the request; it is refused below as not a regular file.
        var errno = home.TryOpen(target.Relative, ConfinedNative.ORdOnly | ConfinedNative.ONonBlock, out var file);
        using (file)
        {
            ThrowIfEscaped(errno);
            if (errno is ConfinedNative.ENoEnt or ConfinedNative.ENotDir)
            {
                throw ApiException.NotFound($"file '{target.SandboxView}' not found");
            }

            if (errno != 0 || !ConfinedNative.TryStat(file, "", out var stat))
            {
                throw FileError(errno, $"cannot open '{target.SandboxView}'");
            }

            if (stat.Kind == ConfinedNative.SIfDir)
            {
                throw ApiException.InvalidParams($"'{target.SandboxView}' is a directory; list it with GET /v1/sandboxes/{{id}}/files");
            }

            if (stat.Kind != ConfinedNative.SIfReg)
            {
                throw ApiException.InvalidParams($"'{target.SandboxView}' is not a regular file");
            }

            var size = (long)stat.Size;
            var count = Math.Min(Math.Min(maxBytes ?? long.MaxValue, context.Options().MaxFileReadBytes), size);
            await FileContentResponse.WriteAsync(context, target.SandboxView, size, encoding, file, count);
        }
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
        await AfterResolveAsync(context, target);
        using var home = ConfinedHome.Open(sandbox.HomeDirectory);
        var errno = home.TryOpen(target.Relative, ConfinedNative.OPath, out var found);
        List<ConfinedEntry> listed;
        using (found)
        {
            ThrowIfEscaped(errno);
            if (errno is ConfinedNative.ENoEnt or ConfinedNative.ENotDir)
            {
                throw ApiException.NotFound($"directory '{target.SandboxView}' not found");
            }

            if (errno != 0 || !ConfinedNative.TryStat(found, "", out var stat))
            {
                throw FileError(errno, $"cannot open '{target.SandboxView}'");
            }

            if (stat.Kind != ConfinedNative.SIfDir)
            {
                throw ApiException.InvalidParams($"'{target.SandboxView}' is a file, not a directory");
            }

            errno = ConfinedHome.TryOpenForListing(found, out var directory);
            using (directory)
            {
                if (errno != 0)
                {
                    throw new IOException($"cannot read directory '{target.SandboxView}' (errno {errno})");
                }

                listed = ConfinedHome.List(directory, recursive ? Math.Min(maxDepth ?? MaxListDepth, MaxListDepth) : 0, MaxListEntries);
            }
        }

        // Symbolic links are listed, never followed: a link may point outside the home.
        var entries = new JsonArray();
        foreach (var entry in listed)
        {
            var isFile = !entry.IsDirectory && !entry.IsLink;
            entries.Add(new JsonObject
            {
                ["name"] = entry.Name,
                ["size"] = entry.IsDirectory ? DirectorySize : entry.Size,
                ["mod_ts"] = entry.ModifiedSeconds,
                ["is_dir"] = entry.IsDirectory,
                ["is_file"] = isFile,
            });
        }

        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["entries"] = entries,
            ["total_entries"] = entries.Count,
        });
    }

    /// <summary>The API error for an errno the cases above did not expect (the message names the path as the sandbox sees it).</summary>
    private static Exception FileError(int errno, string what) => errno switch
    {
        _ when DiskErrors.IsFull(errno) => new ApiException(StatusCodes.Status413PayloadTooLarge, "disk_full", $"the sandbox's disk is full ({what})", DiskFullHint),
        ConfinedNative.ENameTooLong => ApiException.InvalidParams(what + ": a name or the path is too long"),
        _ => new IOException($"{what} (errno {errno})"),
    };

    private const string DiskFullHint = "Free space in the sandbox (delete files) or write less";

    private static ApiException DiskFull(string path) =>
        new(StatusCodes.Status413PayloadTooLarge, "disk_full", $"the sandbox's disk is full: '{path}' was not written", DiskFullHint);

    private static void ThrowIfEscaped(int errno)
    {
        if (ConfinedHome.IsEscape(errno))
        {
            throw ApiException.BadRequest("path escapes the sandbox home (/home/sandbox): a component changed into a symbolic link pointing outside it");
        }
    }

    private static Task AfterResolveAsync(HttpContext context, SandboxPath target) =>
        context.RequestServices.GetRequiredService<SocktEmulatorOptions>().FilePathResolvedHook?.Invoke(target.SandboxView) ?? Task.CompletedTask;

    private static string RequirePath(string? path) =>
        string.IsNullOrEmpty(path) ? throw ApiException.InvalidParams("'path' must not be empty") : path;

    private static string NormalizeEncoding(string? encoding) => encoding?.ToLowerInvariant() switch
    {
        null or "" or "utf8" or "utf-8" => "utf8",
        "base64" => "base64",
        _ => throw ApiException.InvalidParams($"unsupported encoding '{encoding}'", "Use \"utf8\" or \"base64\""),
    };

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
