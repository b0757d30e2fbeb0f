using System.Globalization;
using System.Text.Json.Nodes;
using Sockt.AI.Sdk;

namespace Sockt.AI.Tools;

/// <summary><c>run_command</c>: runs a shell command and returns its exit code and both streams (clipped).</summary>
internal static class RunCommandTool
{
    public static ToolDefinition Create(ToolContext context)
    {
        var limits = context.Guard.Limits;
        var maxSeconds = (long)limits.MaxCommandTimeout.TotalSeconds;
        var defaultSeconds = (long)limits.DefaultCommandTimeout.TotalSeconds;
        var schema = context.NewSandboxSchema()
            .String("command", "The shell command line to run, for example \"python3 main.py\" or \"ls -la && cat notes.txt\".", isRequired: true)
            .String("working_dir", "Directory to run in, relative to /home/sandbox or absolute under it (default /home/sandbox).")
            .Integer("timeout_seconds", $"Stop the command after this many seconds (default {defaultSeconds}, at most {maxSeconds}).", 1, maxSeconds);
        var description =
            "Runs a shell command in the sandbox and waits for it to finish. Returns exit_code, stdout and stderr; each stream is clipped to "
            + $"{context.Options.MaxOutputChars} characters (head and tail kept, with a note) when longer, so redirect big output to a file and read parts of it. "
            + "A non-zero exit_code is the command's own failure, not a tool error. A command that runs past timeout_seconds is stopped and comes back "
            + "as error timed_out with the output so far. " + ToolTexts.Sandbox + " " + ToolTexts.Errors;
        return new ToolDefinition(SocktToolNames.RunCommand, "Run a shell command", description, schema, new ToolHints(ReadOnly: false, Destructive: true, Idempotent: false), RunAsync, context.Logger);

        async Task<ToolResult> RunAsync(ToolArguments arguments, CancellationToken cancellationToken)
        {
            var sandboxId = context.ReadSandboxId(arguments);
            var command = arguments.String("command", required: true);
            var workingDir = arguments.String("working_dir");
            var seconds = arguments.Number("timeout_seconds");
            if (seconds is <= 0 or double.NaN)
            {
                arguments.Problem("'timeout_seconds' must be a positive number of seconds");
            }

            if (arguments.Refusal is { } invalid)
            {
                return invalid;
            }

            var timeout = seconds is { } s ? TimeSpan.FromSeconds(Math.Ceiling(s)) : limits.DefaultCommandTimeout;
            if (context.Guard.CheckCommandTimeout(timeout) is { } tooLong)
            {
                return tooLong;
            }

            var lookup = await context.ResolveAsync(SocktToolNames.RunCommand, sandboxId!, cancellationToken).ConfigureAwait(false);
            if (lookup.Refusal is { } refused)
            {
                return refused;
            }

            var outcome = await context.Gateway.RunAsync(lookup.Sandbox!.Sandbox, command!, workingDir, timeout, cancellationToken).ConfigureAwait(false);
            return IsTimeout(outcome) ? TimedOut(context, timeout, outcome) : Finished(context, outcome);
        }
    }

    private static bool IsTimeout(CommandOutcome outcome) =>
        outcome.ExitCode is null
        && outcome.Error is { } error
        && (error.Contains("timed out", StringComparison.OrdinalIgnoreCase) || error.Contains("timeout", StringComparison.OrdinalIgnoreCase));

    private static ToolResult Finished(ToolContext context, CommandOutcome outcome)
    {
        var body = new JsonObject { ["exit_code"] = outcome.ExitCode, ["status"] = outcome.Status };
        AddStreams(context, body, outcome);
        if (outcome.ExitCode is null && !string.IsNullOrEmpty(outcome.Error))
        {
            body["service_error"] = outcome.Error;
        }

        return ToolResult.Success(body);
    }

    private static ToolResult TimedOut(ToolContext context, TimeSpan timeout, CommandOutcome outcome)
    {
        var details = new JsonObject { ["exit_code"] = null, ["timeout_seconds"] = (long)timeout.TotalSeconds };
        AddStreams(context, details, outcome);
        var seconds = ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return ToolResult.Failure(SocktToolErrors.TimedOut,
            $"The command did not finish within {seconds} seconds and was stopped; stdout and stderr hold its output so far. "
            + "Run it with a larger timeout_seconds (within the ceiling), make it faster, or start it in the background (nohup ... &) and check on it later.",
            details);
    }

    private static void AddStreams(ToolContext context, JsonObject body, CommandOutcome outcome)
    {
        var (stdout, stdoutClipped) = TextClip.Clip(outcome.Stdout, context.Options.MaxOutputChars);
        var (stderr, stderrClipped) = TextClip.Clip(outcome.Stderr, context.Options.MaxOutputChars);
        body["stdout"] = stdout;
        body["stderr"] = stderr;
        if (stdoutClipped || stderrClipped)
        {
            body["truncated"] = true;
            body["note"] = $"Output longer than {context.Options.MaxOutputChars.ToString(CultureInfo.InvariantCulture)} characters was clipped "
                + $"(stdout {outcome.Stdout.Length.ToString(CultureInfo.InvariantCulture)}, stderr {outcome.Stderr.Length.ToString(CultureInfo.InvariantCulture)} characters in full); "
                + "redirect it to a file and read parts of it (head, tail, grep) if you need more.";
        }
    }
}
