namespace Sockt;

/// <summary>
/// How the SDK retries a request answered 503 because the sandbox's pod is still booting (body mentions
/// <c>pod_starting</c> or <c>starting</c>). Besides it, only a rate-limited GET is retried silently (see
/// <see cref="RequestBudgetOptions.MaxRetryAfter"/>).
/// </summary>
public class PodStartingRetryOptions
{
    /// <summary>How many times to retry after the first attempt (default 3; 0 disables the retry).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The pause between attempts (default 2 seconds).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public override string ToString() => $"MaxRetries={MaxRetries}, Delay={Delay.TotalSeconds:0.###}s";
}
