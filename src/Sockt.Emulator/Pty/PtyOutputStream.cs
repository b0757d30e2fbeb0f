using System.Threading.Channels;

namespace Sockt.Emulator.Pty;

/// <summary>
/// Read-only, async-only stream of what the program writes to its terminal. A dedicated reader thread
/// (see <see cref="PtyProcess"/>) produces chunks; the stream hands them out in order and returns 0 once the
/// terminal has closed. Back-pressure: the producer must take a credit from <see cref="Credits"/> before each
/// chunk, and a credit comes back only when a chunk has been fully read, so at most
/// <see cref="MaxBufferedChunks"/> chunks are ever held in memory while nobody reads.
/// </summary>
internal sealed class PtyOutputStream : Stream
{
    internal const int MaxBufferedChunks = 16;

    private readonly Channel<ReadOnlyMemory<byte>> _chunks = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _readLock = new(1, 1);
    private ReadOnlyMemory<byte> _current;
    private bool _disposed;

    /// <summary>Credits for the producer; see the class remarks.</summary>
    internal SemaphoreSlim Credits { get; } = new(MaxBufferedChunks, MaxBufferedChunks);

    /// <summary>Called by the producer after it took a credit.</summary>
    internal void Publish(ReadOnlyMemory<byte> chunk) => _chunks.Writer.TryWrite(chunk);

    /// <summary>Called by the producer at end of output: readers get the buffered rest, then 0.</summary>
    internal void Complete(Exception? error = null) => _chunks.Writer.TryComplete(error);

    /// <inheritdoc />
    public override bool CanRead => !_disposed;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        await _readLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_current.IsEmpty)
            {
                if (!await _chunks.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }

                _chunks.Reader.TryRead(out _current);
            }

            var count = Math.Min(buffer.Length, _current.Length);
            _current[..count].CopyTo(buffer);
            _current = _current[count..];
            if (_current.IsEmpty)
            {
                Credits.Release();
            }

            return count;
        }
        finally
        {
            _readLock.Release();
        }
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    /// <summary>Not supported: terminal output arrives asynchronously; use <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("PTY output is read asynchronously; use ReadAsync.");

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Disposing the reader's view does not close the terminal; PtyProcess owns that.
        _disposed = true;
        base.Dispose(disposing);
    }
}
