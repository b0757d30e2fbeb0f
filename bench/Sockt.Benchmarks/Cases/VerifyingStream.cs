namespace Sockt.Benchmarks.Cases;

/// <summary>
/// A write-only destination that compares what it is given with the expected bytes instead of keeping them, so a
/// streamed read can be checked byte for byte without a second copy of the file in the process being measured.
/// </summary>
internal sealed class VerifyingStream(ReadOnlyMemory<byte> expected) : Stream
{
    private long _position;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _position;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    /// <summary>Throws unless exactly the expected bytes were written.</summary>
    public void CheckComplete()
    {
        if (_position != expected.Length)
        {
            throw new InvalidOperationException($"The streamed read gave {_position} bytes, not {expected.Length}.");
        }
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_position + buffer.Length > expected.Length || !buffer.SequenceEqual(expected.Span.Slice((int)_position, buffer.Length)))
        {
            throw new InvalidOperationException($"The streamed read differs from the file written, within bytes {_position}..{_position + buffer.Length}.");
        }

        _position += buffer.Length;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
