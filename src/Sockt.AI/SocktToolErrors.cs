namespace Sockt.AI;

/// <summary>
/// The <c>error</c> codes of a tool result that reports a failure. Every failure comes back to the model as a tool
/// result (<c>{"error": code, "message": ...}</c>), never as an exception that ends the conversation; the message says
/// what the model can do about it.
/// </summary>
public static class SocktToolErrors
{
    /// <summary>An argument is missing, of the wrong type, or unknown.</summary>
    public const string InvalidArguments = "invalid_arguments";

    /// <summary>The call would exceed one of the operator's limits; the result's <c>limit</c> names it (<see cref="SocktLimitNames"/>).</summary>
    public const string LimitExceeded = "limit_exceeded";

    /// <summary>The command ran longer than its timeout and was stopped.</summary>
    public const string TimedOut = "timed_out";

    /// <summary>The sandbox is paused and cannot run commands or touch files until it is resumed.</summary>
    public const string SandboxPaused = "sandbox_paused";

    /// <summary>The sandbox is not running (still starting, failed or terminated).</summary>
    public const string SandboxNotRunning = "sandbox_not_running";

    /// <summary>The account or the sandbox has no balance left to pay for running time.</summary>
    public const string OutOfBalance = "out_of_balance";

    /// <summary>The sandbox id is not one these tools created (or it was already terminated).</summary>
    public const string UnknownSandbox = "unknown_sandbox";

    /// <summary>The file, directory or sandbox does not exist.</summary>
    public const string NotFound = "not_found";

    /// <summary>The service refused the request as invalid (for example a path outside <c>/home/sandbox</c>).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>Too many requests or executions at once; retry after the given delay.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The tier has no capacity right now.</summary>
    public const string NoCapacity = "no_capacity";

    /// <summary>The service refused the operator's credentials; the model cannot fix this.</summary>
    public const string AuthenticationFailed = "authentication_failed";

    /// <summary>The service could not be reached or did not answer in time.</summary>
    public const string Unreachable = "unreachable";

    /// <summary>Any other error of the service.</summary>
    public const string ApiError = "api_error";
}
