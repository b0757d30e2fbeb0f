namespace Sockt;

/// <summary>
/// How to run a command, for <see cref="Sandbox.ExecAsync(string, ExecOptions?, CancellationToken)"/> and
/// <see cref="Sandbox.StartExecAsync(string, ExecOptions?, CancellationToken)"/>. Every value is optional.
/// </summary>
public class ExecOptions
{
    /// <summary>Working directory, relative to <c>/home/sandbox</c> or absolute under it; the home when <see langword="null"/>.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>
    /// How long the command may run before the service stops it; the service's default (30 s) when
    /// <see langword="null"/>. Sent to the service in whole milliseconds (rounded up).
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// The longest pause between two polls while waiting for the end or streaming the output; the client's
    /// <see cref="ComputeClientOptions.ExecPollInterval"/> when <see langword="null"/>.
    /// </summary>
    public TimeSpan? PollInterval { get; set; }
}
