using System.Globalization;
using System.Text;

namespace Sockt.Emulator.Http;

/// <summary>
/// The output side of a connection, as a stream that gives the server layer's own error answers the error envelope.
/// Kestrel answers a request it cannot parse (414 URI too long, 431 headers too large, 400 malformed) itself, before
/// any middleware runs, with an empty body; those answers are recognized by their head (a 4xx with
/// <c>Content-Length: 0</c>, <c>Connection: close</c> and no <c>Content-Type</c>, which the API never sends: its errors
/// all carry the envelope) and rewritten with a JSON body. Everything else passes through unchanged.
/// </summary>
internal sealed class ServerErrorEnvelopeStream(Stream inner) : Stream
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(TryRewrite(buffer.Span) ?? buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(TryRewrite(buffer.AsSpan(offset, count)) ?? buffer.AsMemory(offset, count).ToArray());

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
    }

    /// <summary>The rewritten answer when <paramref name="data"/> is exactly a server-layer error answer; null otherwise.</summary>
    private static byte[]? TryRewrite(ReadOnlySpan<byte> data)
    {
        if (!data.StartsWith("HTTP/1.1 4"u8) || data.Length < 12)
        {
            return null;
        }

        var end = data.IndexOf(HeadEnd);
        if (end < 0 || end + HeadEnd.Length != data.Length)
        {
            return null;
        }

        var head = Encoding.ASCII.GetString(data[..(end + 2)]);
        if (!head.Contains("\r\nContent-Length: 0\r\n", StringComparison.OrdinalIgnoreCase)
            || !head.Contains("\r\nConnection: close\r\n", StringComparison.OrdinalIgnoreCase)
            || head.Contains("\r\nContent-Type:", StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(head.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        var (code, message, hint) = Describe(status);
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new System.Text.Json.Nodes.JsonObject
        {
            ["code"] = code,
            ["error"] = code,
            ["message"] = message,
            ["hint"] = hint,
        });
        var rewritten = head.Replace("\r\nContent-Length: 0\r\n", "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n", StringComparison.OrdinalIgnoreCase) + "\r\n";
        return [.. Encoding.ASCII.GetBytes(rewritten), .. body];
    }

    private static (string Code, string Message, string Hint) Describe(int status) => status switch
    {
        414 => ("uri_too_long", "request URI too long", "Keep the path and query short (the limit is 8 KiB); send data in a JSON body"),
        431 => ("headers_too_large", "request headers too large", "Send fewer or smaller headers (the limit is 32 KiB)"),
        408 => ("request_timeout", "the request was not received in time", "Send the whole request promptly"),
        411 => ("length_required", "a request with a body needs Content-Length or chunked encoding", "Let your HTTP client frame the body"),
        _ => ("bad_request", "malformed HTTP request", "Send a well-formed HTTP/1.1 request"),
    };
}
