using Sockt.AI.Tools;

namespace Sockt.AI.Guard;

/// <summary>A sandbox the tools may act on, or the result that tells the model why there is none.</summary>
internal readonly record struct SandboxLookup(TrackedSandbox? Sandbox, ToolResult? Refusal);
