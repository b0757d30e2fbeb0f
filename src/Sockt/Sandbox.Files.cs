using Sockt.Diagnostics;
using Sockt.Files;
using Sockt.Internal;
using Sockt.Models;
using Sockt.Serialization;

namespace Sockt;

/// <summary>File transfer inside the sandbox home (<c>/home/sandbox</c>; relative paths resolve there).</summary>
public partial class Sandbox
{
    /// <summary>Writes a text file (or base64 text, with <paramref name="encoding"/> = <see cref="FileEncoding.Base64"/>).</summary>
    /// <param name="path">File path, relative to <c>/home/sandbox</c> or absolute under it.</param>
    /// <param name="content">The content (may be empty).</param>
    /// <param name="encoding"><see cref="FileEncoding.Utf8"/> (default when null) or <see cref="FileEncoding.Base64"/>.</param>
    /// <param name="createDirs">Create missing parent directories (default true).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or <paramref name="encoding"/> unknown.</exception>
    public virtual Task<FileWritten> WriteFileAsync(string path, string content, FileEncoding? encoding = null, bool createDirs = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(content);
        return WriteFileCoreAsync(path, content, FileEncoding.ToWire(encoding, nameof(encoding)), createDirs, cancellationToken);
    }

    /// <summary>Writes binary content (sent base64-encoded; binary-safe).</summary>
    /// <param name="path">File path, relative to <c>/home/sandbox</c> or absolute under it.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="createDirs">Create missing parent directories (default true).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What was written.</returns>
    public virtual Task<FileWritten> WriteFileAsync(string path, ReadOnlyMemory<byte> content, bool createDirs = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return WriteBinaryFileCoreAsync(path, content, createDirs, cancellationToken);
    }

    /// <summary>Writes the rest of a stream (sent base64-encoded as it is read; binary-safe; memory independent of its size).</summary>
    /// <remarks>
    /// The stream is read slice by slice while the request is sent, never into memory whole; it is not disposed. A
    /// seekable stream is sent with its length and, if the service answers <c>pod_starting</c>, rewound and sent
    /// again; a non-seekable stream is read once, so that answer then surfaces as a
    /// <see cref="HostUnreachableException"/> (503) instead of being retried. An exception thrown by the stream itself
    /// reaches the caller as it is. <see cref="ComputeClientOptions.Timeout"/> bounds inactivity, not the whole upload:
    /// the write fails with a <see cref="SocktException"/> around a <see cref="TimeoutException"/> only when no slice of
    /// the body could be sent (or no answer came) for that long.
    /// </remarks>
    /// <param name="path">File path, relative to <c>/home/sandbox</c> or absolute under it.</param>
    /// <param name="content">The stream to read from its current position.</param>
    /// <param name="createDirs">Create missing parent directories (default true).</param>
    /// <param name="cancellationToken">Cancels reading and the request.</param>
    /// <returns>What was written.</returns>
    public virtual async Task<FileWritten> WriteFileAsync(string path, Stream content, bool createDirs = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(content);
        var upload = new StreamUpload(content);
        var request = new WriteFileRequest { Path = path, CreateDirs = createDirs };
        request.SetBinaryContent(upload);
        try
        {
            return await SendWriteFileAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (SocktException) when (upload.Failure is { } failure)
        {
            // HttpClient reports a failing body as a network error; the cause is the caller's stream.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            throw;
        }
    }

    /// <summary>Reads a file's content: text for <see cref="FileEncoding.Utf8"/>, base64 text for <see cref="FileEncoding.Base64"/>.</summary>
    /// <param name="path">File path, relative to <c>/home/sandbox</c> or absolute under it.</param>
    /// <param name="encoding"><see cref="FileEncoding.Utf8"/> (default when null) or <see cref="FileEncoding.Base64"/>.</param>
    /// <param name="maxBytes">Read at most this many bytes (the content is truncated beyond).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The content.</returns>
    public virtual async Task<string> ReadFileAsync(string path, FileEncoding? encoding = null, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        var file = await ReadFileDetailedAsync(path, encoding, maxBytes, cancellationToken).ConfigureAwait(false);
        return file.Content ?? string.Empty;
    }

    /// <summary>Reads a file with its metadata (size, encoding, whether <paramref name="maxBytes"/> truncated it).</summary>
    /// <param name="path">File path, relative to <c>/home/sandbox</c> or absolute under it.</param>
    /// <param name="encoding"><see cref="FileEncoding.Utf8"/> (default when null) or <see cref="FileEncoding.Base64"/>.</param>
    /// <param name="maxBytes">Read at most this many bytes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The file content and metadata.</returns>
    public virtual Task<FileContent> ReadFileDetailedAsync(string path, FileEncoding? encoding = null, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var wireEncoding = FileEncoding.ToWire(encoding, nameof(encoding));
        ValidateMaxBytes(maxBytes);
        return ReadFileCoreAsync(path, wireEncoding, maxBytes, cancellationToken);
    }

    /// <summary>Reads a file as bytes (transferred base64-encoded; binary-safe).</summary>
    /// <param name="path">File path, relative to <c>/home/sandbox</c> or absolute under it.</param>
    /// <param name="maxBytes">Read at most this many bytes.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The bytes.</returns>
    public virtual async Task<byte[]> ReadFileBytesAsync(string path, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ValidateMaxBytes(maxBytes);
        // Decoded as the body arrives into one pooled buffer; the result array is the only allocation of the file's size.
        using var buffer = new PooledByteBuffer(maxBytes is { } max ? (int)Math.Min(max, FileContentReader.ChunkSize) : FileContentReader.ChunkSize);
        await ReadFileStreamingAsync(path, maxBytes, buffer.AppendAsync, cancellationToken, size => buffer.Expect(Math.Min(size, maxBytes ?? long.MaxValue))).ConfigureAwait(false);
        return buffer.ToArray();
    }

    /// <summary>Reads a file and writes its bytes to <paramref name="destination"/>.</summary>
    /// <param name="path">File path, relative to <c>/home/sandbox</c> or absolute under it.</param>
    /// <param name="destination">Where to write the bytes.</param>
    /// <param name="maxBytes">Read at most this many bytes.</param>
    /// <param name="cancellationToken">Cancels the request and the writing.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    public virtual async Task ReadFileToStreamAsync(string path, Stream destination, long? maxBytes = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(destination);
        ValidateMaxBytes(maxBytes);
        await ReadFileStreamingAsync(path, maxBytes, destination.WriteAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists a directory, dotfiles included.</summary>
    /// <param name="path">Directory, relative to <c>/home/sandbox</c> or absolute (default <c>.</c>, the home).</param>
    /// <param name="recursive">Include subdirectories.</param>
    /// <param name="maxDepth">Deepest level of a recursive listing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The entries.</returns>
    public virtual async Task<IReadOnlyList<FileEntry>> ListFilesAsync(string path = ".", bool recursive = false, int? maxDepth = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (maxDepth is { } depth)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(depth, nameof(maxDepth));
        }

        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.ListFiles", Id);
        try
        {
            return await ListFilesCoreAsync(path, recursive, maxDepth, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>The listing without an activity of its own (also the data-plane probe).</summary>
    internal async Task<IReadOnlyList<FileEntry>> ListFilesCoreAsync(string path, bool recursive, int? maxDepth, CancellationToken cancellationToken, TimeSpan? budgetWaitLimit = null)
    {
        var credential = Credential;
        // recursive=false is the default: leave it out, as the CLI does.
        var list = await Core.CallAsync(credential, api => api.ListFilesAsync(Id, path, recursive ? true : null, maxDepth, credential.QueryToken, cancellationToken), cancellationToken, budgetWaitLimit).ConfigureAwait(false);
        return list?.Entries?.ToArray() ?? [];
    }

    private static void ValidateMaxBytes(long? maxBytes)
    {
        if (maxBytes is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(maxBytes));
        }
    }

    private Task<FileWritten> WriteFileCoreAsync(string path, string content, string encoding, bool createDirs, CancellationToken cancellationToken)
    {
        // The text is escaped and encoded window by window while the body is sent (see JsonTextChunks), never as one buffer.
        var request = new WriteFileRequest { Path = path, CreateDirs = createDirs };
        request.SetTextContent(content, encoding);
        return SendWriteFileAsync(request, cancellationToken);
    }

    private Task<FileWritten> WriteBinaryFileCoreAsync(string path, ReadOnlyMemory<byte> content, bool createDirs, CancellationToken cancellationToken)
    {
        // The bytes are base64-encoded while the body is sent (see StreamedJsonBodyContent), never as one string or buffer.
        var request = new WriteFileRequest { Path = path, CreateDirs = createDirs };
        request.SetBinaryContent(content);
        return SendWriteFileAsync(request, cancellationToken);
    }

    /// <summary>
    /// Sends a write through the SDK's HttpClient rather than the Refit call: Refit loads every request body into memory
    /// before sending it, which for a binary write would hold the whole base64 again. The body is still the generated
    /// DTO serialized by the same serializer (see <see cref="NewtonsoftContentSerializer"/>), so the bytes on the wire
    /// are the generated client's; the handlers (auth, logging, pod-starting retry, error mapping) are the same.
    /// </summary>
    /// <remarks>
    /// <see cref="ComputeClientOptions.Timeout"/> bounds inactivity here, not the whole request (an upload of a large
    /// file may rightly take longer): the clock restarts whenever a slice of the body has been sent, then runs while the
    /// answer's headers and body are awaited. The HttpClient used has no Timeout of its own.
    /// </remarks>
    private async Task<FileWritten> SendWriteFileAsync(WriteFileRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path;
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.WriteFile", Id);
        try
        {
            var written = await Core.SendUntimedAsync(
                Credential,
                async http =>
                {
                    using var idle = new IdleTimeout(Core.Settings.Timeout, cancellationToken);
                    var content = NewtonsoftContentSerializer.Default.ToHttpContent(request);
                    if (content is StreamedJsonBodyContent streamed)
                    {
                        streamed.Idle = idle;
                    }

                    using var message = new HttpRequestMessage(HttpMethod.Post, ApiUri(http, $"/v1/sandboxes/{Uri.EscapeDataString(Id)}/files/write"))
                    {
                        Content = content,
                    };
                    try
                    {
                        idle.Restart();
                        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
                        idle.Restart();
                        return await NewtonsoftContentSerializer.Default.FromHttpContentAsync<FileWritten>(response.Content, idle.Token).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (idle.HasExpired)
                    {
                        throw idle.Expired("The file write stopped moving.", exception);
                    }
                },
                cancellationToken).ConfigureAwait(false);
            return written ?? new FileWritten { WirePath = path };
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Reads a file base64-encoded with the answer streamed: the content is decoded slice by slice into
    /// <paramref name="sink"/> (see <see cref="FileContentScanner"/>), never held as a string.
    /// </summary>
    private async Task ReadFileStreamingAsync(string path, long? maxBytes, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, CancellationToken cancellationToken, Action<long>? sizeHint = null)
    {
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.ReadFile", Id);
        try
        {
            var operation = $"POST /v1/sandboxes/{Id}/files/read";
            var body = CreateReadRequestBody(path, maxBytes);
            await Core.SendAsync(
                Credential,
                async http =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, ApiUri(http, $"/v1/sandboxes/{Uri.EscapeDataString(Id)}/files/read"))
                    {
                        Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } },
                    };
                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    return await FileContentReader.CopyAsync(stream, sink, operation, (int)response.StatusCode, Core.Settings.Timeout, cancellationToken, sizeHint).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>The read request, as the generated client would send it (<c>max_bytes</c> left out when null).</summary>
    private static byte[] CreateReadRequestBody(string path, long? maxBytes)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 + path.Length);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("path", path);
            writer.WriteString("encoding", FileEncoding.Base64.ToString());
            if (maxBytes is { } max)
            {
                writer.WriteNumber("max_bytes", max);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An API path under the client's base address, keeping a base path (as Refit does).</summary>
    private static Uri ApiUri(HttpClient http, string path)
    {
        var baseAddress = http.BaseAddress ?? throw new InvalidOperationException("The Sockt HttpClient has no base address.");
        return new Uri(baseAddress, baseAddress.AbsolutePath.TrimEnd('/') + path);
    }

    private async Task<FileContent> ReadFileCoreAsync(string path, string encoding, long? maxBytes, CancellationToken cancellationToken)
    {
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.ReadFile", Id);
        try
        {
            var request = new ReadFileRequest { Path = path, Encoding = encoding, MaxBytes = maxBytes };
            var file = await Core.CallAsync(Credential, api => api.ReadFileAsync(Id, request, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (file is null)
            {
                throw new ApiException($"Sockt API read of '{path}' answered an empty body.", 200);
            }

            RequiredFields.Check($"POST /v1/sandboxes/{Id}/files/read", 200, ("content", file.Content is not null));
            return file;
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }
}
