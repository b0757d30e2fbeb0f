namespace Sockt.Cli.Infrastructure;

/// <summary>Refuses to exec, move files or open a shell unless the sandbox is running (as the official CLI does).</summary>
internal static class SandboxGuard
{
    /// <summary>Throws a <see cref="CliException"/> saying why the sandbox cannot be used, unless it is running.</summary>
    public static void RequireOperational(string sandboxId, string? status)
    {
        var message = status switch
        {
            "running" => null,
            "paused" => $"sandbox {sandboxId} is paused; run: sockt sandbox resume {sandboxId}",
            "terminated" => $"sandbox {sandboxId} is terminated",
            "awaiting_payment" => $"sandbox {sandboxId} is awaiting payment; pay the invoice from create output, then poll status",
            "failed" => $"sandbox {sandboxId} failed",
            _ => $"sandbox {sandboxId} is not runnable (status: {status})",
        };
        if (message is not null)
        {
            throw new CliException(message);
        }
    }
}
