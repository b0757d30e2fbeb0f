using System.Buffers;
using Sockt.Emulator.Http;

namespace Sockt.Emulator.Endpoints;

/// <summary>
/// Reads a file-write body as it arrives. Everything but the string value of the top-level <c>content</c> field (the
/// small envelope, with <c>content</c> left as <c>""</c>) is kept and parsed afterwards by <see cref="JsonRequest"/>,
/// so every envelope check stays as it was. The content's characters, still JSON-escaped, go either straight to a
/// <see cref="ContentDecoder"/> that writes the file (when the fields before <c>content</c> already say where and
/// how: see <see cref="ReadAsync"/>), or to a spool file decoded once the body has ended.
/// </summary>
/// <remarks>
/// Why a hand-rolled scan and not <c>Utf8JsonReader</c>: the reader only hands out whole tokens, so the content token
/// (the whole file in base64) would have to sit in one buffer. Why a spool at all: JSON fields come in any order, and
/// the CLI sends <c>content</c> before <c>encoding</c> and <c>create_dirs</c>, so for its bodies neither the decoding
/// nor the target is known until the body has ended.
/// </remarks>
internal sealed class WriteBodyScanner : IAsyncDisposable
{
    /// <summary>Most bytes the envelope around <c>content</c> may take.</summary>
    public const int MaxEnvelopeBytes = 1024 * 1024;

    // Characters moved at a time, to the spool or the decoder (which takes at most its chunk).
    private const int SpoolChunkBytes = ContentDecoder.ChunkBytes;

    private readonly ArrayBufferWriter<byte> envelope = new(256);
    private readonly byte[] pending = ArrayPool<byte>.Shared.Rent(SpoolChunkBytes);
    private FileStream? spool;
    private ContentDecoder? direct;
    private bool deciding;
    private bool discarding;
    private int pendingLength;
    private int depth;
    private bool inString;
    private bool escaped;
    private bool inContent;
    private bool expectingContentValue;
    private byte lastStructural;
    private int stringStart;

    private WriteBodyScanner()
    {
    }

    /// <summary>The body without the content's characters (it holds <c>"content":""</c> where a string was).</summary>
    public ReadOnlyMemory<byte> Envelope => envelope.WrittenMemory;

    /// <summary>True when a top-level string <c>content</c> was seen (spooled, or decoded straight into the file).</summary>
    public bool HasContent { get; private set; }

    /// <summary>True when the content went straight to the decoder that <see cref="ReadAsync"/>'s callback returned.</summary>
    public bool Direct => direct is not null;

    /// <summary>
    /// Why the straight decoding failed (bad base64 or text, a full disk, a second <c>content</c>), if it did. The rest of
    /// the body is still read, so the answer comes after the whole request as it always did.
    /// </summary>
    public Exception? DirectFailure { get; private set; }

    /// <summary>The spooled, still-escaped content characters, positioned at the start (empty when none were spooled).</summary>
    public Stream Content => spool ?? Stream.Null;

    /// <summary>Reads the whole request body.</summary>
    /// <param name="context">The request.</param>
    /// <param name="contentStarts">
    /// Called once, when the first top-level <c>content</c> string starts, with the envelope so far (ending in
    /// <c>"content":"</c>). A decoder it returns gets the content's characters as they arrive; null spools them.
    /// </param>
    /// <remarks>
    /// The spool goes to the system's temporary directory (<c>TMPDIR</c>), not the data directory: the data directory
    /// holds the homes, and a spool there would take room the sandboxes' disk-full handling counts on.
    /// </remarks>
    public static async Task<WriteBodyScanner> ReadAsync(HttpContext context, Func<ReadOnlyMemory<byte>, Task<ContentDecoder?>> contentStarts)
    {
        var scanner = new WriteBodyScanner();
        try
        {
            var reader = context.Request.BodyReader;
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted);
                foreach (var segment in result.Buffer)
                {
                    var rest = segment;
                    while (!rest.IsEmpty)
                    {
                        rest = rest[scanner.Scan(rest.Span)..];
                        if (scanner.deciding)
                        {
                            scanner.deciding = false;
                            scanner.direct = await contentStarts(scanner.Envelope);
                            scanner.spool = scanner.direct is null ? CreateSpool() : null;
                        }

                        if (scanner.pendingLength == SpoolChunkBytes)
                        {
                            await scanner.FlushAsync(context.RequestAborted);
                        }
                    }
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            await scanner.FlushAsync(context.RequestAborted);
            if (scanner.direct is not null && scanner.DirectFailure is null)
            {
                await scanner.DecodeDirectAsync(scanner.direct.FinishAsync);
            }

            if (scanner.spool is not null)
            {
                scanner.spool.Position = 0;
            }

            return scanner;
        }
        catch
        {
            await scanner.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (spool is not null)
        {
            await spool.DisposeAsync();
        }

        ArrayPool<byte>.Shared.Return(pending);
    }

    private static FileStream CreateSpool() => new(
        Path.Combine(Path.GetTempPath(), "sockt-emulator-spool-" + Guid.NewGuid().ToString("N")),
        new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous, BufferSize = 0 });

    private async Task FlushAsync(CancellationToken cancellation)
    {
        if (direct is not null)
        {
            if (!discarding && DirectFailure is null && pendingLength > 0)
            {
                await DecodeDirectAsync(() => direct.PushAsync(pending.AsSpan(0, pendingLength)));
            }

            pendingLength = 0;
            return;
        }

        try
        {
            if (spool is not null)
            {
                await spool.WriteAsync(pending.AsMemory(0, pendingLength), cancellation);
            }
        }
        catch (IOException e) when (Sandboxes.DiskErrors.IsFull(e))
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, "disk_full", "the emulator's temporary directory is full; the file was not written", "Free space on the emulator's host or write less");
        }

        pendingLength = 0;
    }

    /// <summary>Runs one step of the straight decoding; a failure it reports is kept for after the body, not thrown now.</summary>
    private async Task DecodeDirectAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is ApiException || (e is IOException io && Sandboxes.DiskErrors.IsFull(io)))
        {
            DirectFailure = e;
        }
    }

    /// <summary>Consumes bytes until the span ends or the spool buffer is full; returns how many were consumed.</summary>
    private int Scan(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (inContent)
            {
                i += ScanContent(data[i..]);
                if (pendingLength == SpoolChunkBytes)
                {
                    return i;
                }

                continue;
            }

            var b = data[i++];
            Keep(b);
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == '\\')
                {
                    escaped = true;
                }
                else if (b == '"')
                {
                    inString = false;
                    var isKey = depth == 1 && lastStructural is (byte)'{' or (byte)',';
                    expectingContentValue = isKey && envelope.WrittenSpan[stringStart..].SequenceEqual("\"content\""u8);
                }

                continue;
            }

            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)':':
                    // Marks what follows as a value, never a key.
                    lastStructural = b;
                    continue;
                case (byte)'"' when expectingContentValue:
                    expectingContentValue = false;
                    inContent = true;
                    if (!HasContent)
                    {
                        // The first content: the caller decides where its characters go before any is consumed.
                        HasContent = true;
                        deciding = true;
                        return i;
                    }

                    if (direct is not null)
                    {
                        // The file already holds the first value; the last one would win for the envelope parser.
                        DirectFailure ??= ApiException.InvalidParams("'content' is given twice");
                        discarding = true;
                        continue;
                    }

                    // A repeated key: the last value wins, as the envelope parser would see it.
                    spool?.SetLength(0);
                    pendingLength = 0;
                    continue;
                case (byte)'"':
                    inString = true;
                    stringStart = envelope.WrittenCount - 1;
                    break;
                case (byte)'{' or (byte)'[':
                    depth++;
                    lastStructural = b;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    lastStructural = b;
                    break;
                case (byte)',':
                    lastStructural = b;
                    break;
            }

            expectingContentValue = false;
        }

        return i;
    }

    /// <summary>Moves content characters to the spool buffer up to the closing quote.</summary>
    private int ScanContent(ReadOnlySpan<byte> data)
    {
        var room = Math.Min(data.Length, SpoolChunkBytes - pendingLength);
        var i = 0;
        while (i < room)
        {
            if (escaped)
            {
                escaped = false;
                pending[pendingLength++] = data[i++];
                continue;
            }

            var run = data[i..room].IndexOfAny((byte)'"', (byte)'\\');
            if (run < 0)
            {
                data[i..room].CopyTo(pending.AsSpan(pendingLength));
                pendingLength += room - i;
                return room;
            }

            data.Slice(i, run).CopyTo(pending.AsSpan(pendingLength));
            pendingLength += run;
            i += run;
            if (data[i] == '"')
            {
                inContent = false;
                Keep((byte)'"');
                return i + 1;
            }

            escaped = true;
            pending[pendingLength++] = data[i++];
        }

        return i;
    }

    private void Keep(byte b)
    {
        if (envelope.WrittenCount >= MaxEnvelopeBytes)
        {
            throw new ApiException(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "the request fields around 'content' are too large", "Send only path, content, encoding and create_dirs");
        }

        envelope.GetSpan(1)[0] = b;
        envelope.Advance(1);
    }
}
