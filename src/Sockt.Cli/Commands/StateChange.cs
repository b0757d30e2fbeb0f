using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary>What pause and resume print: <c>Sandbox &lt;id&gt; paused</c>, or the state change as JSON.</summary>
internal static class StateChange
{
    public static Task WriteAsync(CliContext context, string sandboxId, string? status, string verb) =>
        context.Json
            ? JsonOutput.WriteAsync(context, new { SandboxId = sandboxId, Status = status })
            : context.Out.WriteLineAsync($"Sandbox {sandboxId} {verb}");
}
