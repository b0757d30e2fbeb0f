namespace Sockt.Serialization;

/// <summary>
/// The caller's stream behind a streamed file write: where it started, how much it announced, whether it may be sent
/// again, and what failed while it was read (so the caller sees its own stream's exception, not a network error).
/// </summary>
internal sealed class StreamUpload
{
    private readonly long? _start;
    private int _read;

    /// <param name="stream">The stream, read from its current position.</param>
    internal StreamUpload(Stream stream)
    {
        Stream = stream;
        if (stream.CanSeek)
        {
            _start = stream.Position;
            Remaining = Math.Max(0, stream.Length - stream.Position);
        }
    }

    /// <summary>The caller's stream.</summary>
    internal Stream Stream { get; }

    /// <summary>The bytes to send when the stream knows its length (then exactly these are sent); null otherwise.</summary>
    internal long? Remaining { get; }

    /// <summary>What the stream threw while it was read, if it did.</summary>
    internal Exception? Failure { get; private set; }

    /// <summary>
    /// True while a send can start from the first byte: always for a seekable stream (it is rewound), and for any
    /// other only until a send has read from it (what was read is gone, and the SDK does not buffer the file).
    /// </summary>
    internal bool CanReplay => _start is not null || Volatile.Read(ref _read) == 0;

    /// <summary>Prepares the stream for one send.</summary>
    internal void Rewind()
    {
        if (_start is { } start && Volatile.Read(ref _read) != 0)
        {
            Stream.Position = start;
        }
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length, fewer only at the end; records a failure of the stream.</summary>
    internal async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _read, 1);
        try
        {
            return await Stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failure = exception;
            throw;
        }
    }

    /// <summary>Records that the stream ended before the length it announced (a Content-Length was sent for it).</summary>
    internal IOException EndedEarly(long sent)
    {
        var exception = new IOException($"The stream ended after {sent} of the {Remaining} bytes its length announced.");
        Failure = exception;
        return exception;
    }
}
