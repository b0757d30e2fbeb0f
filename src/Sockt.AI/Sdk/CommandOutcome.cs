namespace Sockt.AI.Sdk;

/// <summary>How a command ended: the execution state, exit code, both streams and the service's error text.</summary>
internal sealed record CommandOutcome(string Status, int? ExitCode, string Stdout, string Stderr, string? Error);
