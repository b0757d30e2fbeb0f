namespace Sockt.AI.Sdk;

/// <summary>The bytes read from a file, its full size, and whether the read stopped before the end.</summary>
internal sealed record FileBytes(byte[] Content, long SizeBytes, bool Truncated);
