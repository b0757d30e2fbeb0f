namespace Sockt.Executions;

/// <summary>
/// A validated copy of <see cref="ExecOptions"/>, taken when the command is submitted so that later changes to the
/// caller's options object do not affect a running execution.
/// </summary>
internal sealed record ExecSettings(string? WorkingDirectory, TimeSpan? Timeout, TimeSpan? PollInterval)
{
    /// <summary>The wire's <c>timeout_ms</c>: whole milliseconds, rounded up so a sub-millisecond limit is not 0.</summary>
    internal int? TimeoutMilliseconds => Timeout is { } timeout ? (int)Math.Ceiling(timeout.TotalMilliseconds) : null;

    /// <summary>Validates the command and the options (throwing at the call, before any request is made).</summary>
    internal static ExecSettings From(string command, ExecOptions? options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (options is null)
        {
            return new ExecSettings(null, null, null);
        }

        if (options.WorkingDirectory is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.WorkingDirectory, "options.WorkingDirectory");
        }

        if (options.Timeout is { } timeout)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero, "options.Timeout");
            ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, TimeSpan.FromMilliseconds(int.MaxValue), "options.Timeout");
        }

        if (options.PollInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, "options.PollInterval");
        }

        return new ExecSettings(options.WorkingDirectory, options.Timeout, options.PollInterval);
    }
}
