namespace Sockt.AI.Tools;

/// <summary>What a tool does to the world, as MCP's tool annotations tell clients (for example, to ask before destroying).</summary>
internal readonly record struct ToolHints(bool ReadOnly, bool Destructive, bool Idempotent);
