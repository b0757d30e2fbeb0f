using System.Buffers;

namespace Sockt.Files;

/// <summary>
/// The bytes of a read: one array of the announced size when the size came first (returned as is when filled exactly),
/// else a growing buffer over pooled arrays, copied once at the end.
/// </summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private byte[] _buffer;
    private int _length;
    private bool _exact;

    internal PooledByteBuffer(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    /// <summary>Allocates the result at its final size before any byte arrived (a wrong hint only costs a copy).</summary>
    internal void Expect(long size)
    {
        if (_length == 0 && !_exact && size is > 0 and <= int.MaxValue && size <= Array.MaxLength)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = GC.AllocateUninitializedArray<byte>((int)size);
            _exact = true;
        }
    }

    internal ValueTask AppendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        Append(bytes.Span);
        return ValueTask.CompletedTask;
    }

    internal void Append(ReadOnlySpan<byte> bytes)
    {
        if (_buffer.Length - _length < bytes.Length)
        {
            var needed = (long)_length + bytes.Length;
            if (needed > Array.MaxLength)
            {
                throw new InvalidOperationException("The file is larger than a byte array can hold; use ReadFileToStreamAsync.");
            }

            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, (long)_buffer.Length * 2), Array.MaxLength));
            _buffer.AsSpan(0, _length).CopyTo(grown);
            if (!_exact)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }

            _buffer = grown;
            _exact = false;
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    internal byte[] ToArray() => _exact && _length == _buffer.Length ? _buffer : _buffer.AsSpan(0, _length).ToArray();

    public void Dispose()
    {
        if (!_exact)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = [];
    }
}
