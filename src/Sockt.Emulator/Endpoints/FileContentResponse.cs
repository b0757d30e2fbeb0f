using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Sockt.Emulator.Endpoints;

/// <summary>
/// Writes a file-read response while the file is read: the envelope goes out through a <see cref="Utf8JsonWriter"/>
/// on the response pipe and <c>content</c> is encoded one bounded chunk at a time, so memory does not grow with the
/// file (a read used to hold the file, its base64 string and the serialized body at once).
/// </summary>
internal static class FileContentResponse
{
    // A multiple of 3, so every full chunk is a whole number of base64 quanta.
    private const int ChunkBytes = 48 * 1024;

    // The writer asks its output for room for a whole value at its worst-case escaped size, so values go out in
    // small slices and into a buffer of this request's own (Kestrel's chunked response pipe allocates a fresh array
    // for any request larger than its 4 KiB pool blocks, which was the whole file again per read).
    private const int WriteSliceBytes = 1536;
    private const int WriteSliceChars = 256;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Answers 200 with up to <paramref name="count"/> bytes of <paramref name="file"/> as <c>content</c>.</summary>
    public static async Task WriteAsync(HttpContext context, string path, long size, string encoding, SafeFileHandle file, long count)
    {
        var cancellation = context.RequestAborted;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        var bytes = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        var chars = encoding == "base64" ? null : ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(ChunkBytes));
        // Invalid UTF-8 becomes U+FFFD, as Encoding.UTF8.GetString did; a sequence split between chunks stays whole.
        var decoder = Encoding.UTF8.GetDecoder();
        try
        {
            var staged = new ArrayBufferWriter<byte>(ChunkBytes * 2);
            await using var json = new Utf8JsonWriter(staged, WriterOptions);
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteNumber("size_bytes", size);
            json.WriteNumber("size", size);
            json.WriteString("encoding", encoding);
            json.WritePropertyName("content");
            long sent = 0;
            while (sent < count)
            {
                var read = await RandomAccess.ReadAsync(file, bytes.AsMemory(0, (int)Math.Min(ChunkBytes, count - sent)), sent, cancellation);
                if (read == 0)
                {
                    // The file shrank since it was measured; what was there is sent and reported truncated.
                    break;
                }

                sent += read;
                if (chars is null)
                {
                    for (var at = 0; at < read; at += WriteSliceBytes)
                    {
                        json.WriteBase64StringSegment(bytes.AsSpan(at, Math.Min(WriteSliceBytes, read - at)), isFinalSegment: false);
                    }
                }
                else
                {
                    var decoded = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                    for (var at = 0; at < decoded; at += WriteSliceChars)
                    {
                        json.WriteStringValueSegment(chars.AsSpan(at, Math.Min(WriteSliceChars, decoded - at)), isFinalSegment: false);
                    }
                }

                // Hands the chunk to the response and waits while the client is slower than the disk.
                await SendAsync(context, json, staged, cancellation);
            }

            if (chars is null)
            {
                json.WriteBase64StringSegment([], isFinalSegment: true);
            }
            else
            {
                var decoded = decoder.GetChars([], 0, 0, chars, 0, flush: true);
                json.WriteStringValueSegment(chars.AsSpan(0, decoded), isFinalSegment: true);
            }

            // Written after the content because only the read knows whether the file shrank under it.
            json.WriteBoolean("truncated", sent < size);
            json.WriteEndObject();
            await SendAsync(context, json, staged, cancellation);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            if (chars is not null)
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
    }

    private static async Task SendAsync(HttpContext context, Utf8JsonWriter json, ArrayBufferWriter<byte> staged, CancellationToken cancellation)
    {
        json.Flush();
        await context.Response.BodyWriter.WriteAsync(staged.WrittenMemory, cancellation);
        staged.ResetWrittenCount();
    }
}
