namespace Sockt.AI.Sdk;

/// <summary>One directory entry.</summary>
internal sealed record FileListing(string Name, long Size, bool IsDirectory);
