namespace Sockt.Testing;

/// <summary>
/// A non-seekable source over bytes (a pipe or a network stream, as an upload sees it): it hands out at most
/// <c>maxRead</c> bytes per read, can fail with an <see cref="IOException"/> once a given number of bytes was read,
/// and can stop at a given number of bytes until its reader's token is cancelled (an upload cancelled mid-way).
/// </summary>
internal sealed class ForwardOnlyStream(ReadOnlyMemory<byte> bytes, int maxRead = 7919) : Stream
{
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _position;

    /// <summary>After this many bytes, the next read throws an <see cref="IOException"/>.</summary>
    public int? FailAfter { get; init; }

    /// <summary>After this many bytes, reads wait for their token's cancellation (see <see cref="Stalled"/>).</summary>
    public int? StallAfter { get; init; }

    /// <summary>Completes when a read reached <see cref="StallAfter"/>.</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>Bytes handed out so far.</summary>
    public int BytesRead => _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= FailAfter)
        {
            throw new IOException("the source broke");
        }

        if (_position >= StallAfter)
        {
            _stalled.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        var limit = Math.Min(FailAfter ?? int.MaxValue, StallAfter ?? int.MaxValue);
        var count = Math.Min(Math.Min(buffer.Length, maxRead), Math.Min(bytes.Length, limit) - _position);
        bytes.Slice(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
