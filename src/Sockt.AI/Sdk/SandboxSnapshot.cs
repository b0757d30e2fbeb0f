namespace Sockt.AI.Sdk;

/// <summary>What the tools need from a sandbox's status.</summary>
internal sealed record SandboxSnapshot(string State, string? Tier, long ConsumedMsats, long MsatsPerSecond, long? SecondsRemaining, string? WarningLevel);
