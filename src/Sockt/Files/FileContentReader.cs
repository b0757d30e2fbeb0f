using System.Buffers;

namespace Sockt.Files;

/// <summary>Feeds a file-read answer body through a <see cref="FileContentScanner"/> in bounded chunks.</summary>
internal static class FileContentReader
{
    /// <summary>Bytes read from the body at a time (pooled, as is the output buffer).</summary>
    internal const int ChunkSize = 64 * 1024;

    /// <summary>Decodes the content of <paramref name="body"/> into <paramref name="sink"/>, chunk by chunk.</summary>
    /// <param name="body">The answer body.</param>
    /// <param name="sink">Receives the decoded bytes in order.</param>
    /// <param name="operation">The request, for error messages.</param>
    /// <param name="statusCode">The answer's status, for error messages.</param>
    /// <param name="cancellationToken">Cancels reading and writing.</param>
    /// <param name="idleTimeout">
    /// How long one read of the body may wait for bytes. HttpClient.Timeout stops at the headers of a streamed answer,
    /// so without this a body that stalls would hang until the caller cancels; the timeout surfaces as an
    /// <see cref="OperationCanceledException"/> around a <see cref="TimeoutException"/>, which the client core turns
    /// into the same SocktException as a request timeout.
    /// </param>
    /// <param name="sizeHint">Told the <c>size_bytes</c> before the first content byte, when it came first.</param>
    internal static async Task<FileReadInfo> CopyAsync(Stream body, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink, string operation, int statusCode, TimeSpan idleTimeout, CancellationToken cancellationToken, Action<long>? sizeHint = null)
    {
        var hinted = false;
        var scanner = new FileContentScanner(operation, statusCode);
        var input = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var output = ArrayPool<byte>.Shared.Rent(FileContentScanner.MaxOutputLength(ChunkSize));
        using var idle = new IdleTimeout(idleTimeout, cancellationToken);
        try
        {
            int read;
            while ((read = await ReadWithinAsync(body, input, idle).ConfigureAwait(false)) > 0)
            {
                var written = scanner.Process(input.AsSpan(0, read), output);
                if (written > 0)
                {
                    if (!hinted && scanner.SizeHint is { } size)
                    {
                        sizeHint?.Invoke(size);
                    }

                    hinted = true;
                    await sink(output.AsMemory(0, written), cancellationToken).ConfigureAwait(false);
                }
            }

            var info = scanner.Finish(output, out var tail, out var fallback);
            if (tail > 0)
            {
                await sink(output.AsMemory(0, tail), cancellationToken).ConfigureAwait(false);
            }

            if (fallback is not null)
            {
                await sink(fallback, cancellationToken).ConfigureAwait(false);
            }

            return info;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>One read of the body that fails with a <see cref="TimeoutException"/> inside when no byte comes within the idle limit.</summary>
    private static async ValueTask<int> ReadWithinAsync(Stream body, byte[] input, IdleTimeout idle)
    {
        idle.Restart();
        try
        {
            var read = await body.ReadAsync(input.AsMemory(0, ChunkSize), idle.Token).ConfigureAwait(false);
            idle.Pause();
            return read;
        }
        catch (OperationCanceledException exception) when (idle.HasExpired)
        {
            throw idle.Expired("The answer's body stopped arriving.", exception);
        }
    }
}
