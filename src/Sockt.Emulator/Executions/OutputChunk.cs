namespace Sockt.Emulator.Executions;

/// <summary>One piece of an execution's output, as read from its pipe.</summary>
internal sealed record OutputChunk(string Stream, string Text);
