namespace Sockt.AI.Tools;

/// <summary>The sentences every tool description shares, written for a model to read.</summary>
internal static class ToolTexts
{
    public const string Sandbox =
        "A Sockt sandbox is an isolated Linux machine with bash and the usual command-line tools. Its home is /home/sandbox: "
        + "relative paths start there and commands run there unless working_dir says otherwise. State persists between calls: "
        + "files stay until the sandbox is terminated, but each command runs in a fresh shell (cd and exported variables do not carry over). "
        + "Running time is billed per second.";

    public const string Errors =
        "On failure the result has \"error\" (a code such as sandbox_paused, out_of_balance, timed_out, not_found, limit_exceeded) and "
        + "\"message\" saying what to do; limit_exceeded also names the \"limit\" that was reached (set by the operator, not negotiable).";
}
