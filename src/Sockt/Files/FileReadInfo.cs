namespace Sockt.Files;

/// <summary>What a streamed file read answered besides the content.</summary>
/// <param name="Encoding">The answer's <c>encoding</c>, when sent.</param>
/// <param name="SizeBytes">The file's size (<c>size_bytes</c>, else <c>size</c>), when sent.</param>
/// <param name="Truncated">Whether <c>max_bytes</c> cut the content.</param>
/// <param name="BytesWritten">How many content bytes were decoded.</param>
internal readonly record struct FileReadInfo(string? Encoding, long? SizeBytes, bool Truncated, long BytesWritten);
