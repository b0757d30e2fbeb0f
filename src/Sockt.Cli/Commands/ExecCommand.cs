using System.CommandLine;
using Sockt.Cli.Infrastructure;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt exec [--workdir/-d dir] [--timeout ms] [--poll ms] &lt;id&gt; &lt;command...&gt;</c>: streams the remote
/// stdout and stderr to the local ones as they arrive and exits with the remote exit code. Ctrl+C cancels the remote
/// execution, then exits with 130.
/// </summary>
internal sealed class ExecCommand : SocktCommand
{
    private static readonly string[] ValueOptionNames = ["--workdir", "-d", "--timeout", "--poll", "--token"];

    private readonly Argument<string> sandboxId = CommonArguments.SandboxId();
    private readonly Argument<string[]> command = new("command") { Description = "The command; its words are joined with spaces and run by the sandbox's shell", Arity = ArgumentArity.OneOrMore };
    private readonly Option<string?> workdir = new("--workdir", "-d") { Description = "Working directory inside the sandbox (default: the sandbox home)" };
    private readonly Option<int?> timeout = new("--timeout") { Description = "Execution timeout in milliseconds (default: none)" };
    private readonly Option<int> poll = new("--poll") { Description = "Poll interval in milliseconds", DefaultValueFactory = _ => 500 };

    public ExecCommand()
        : base("exec", "Execute a command in a sandbox")
    {
        Arguments.Add(sandboxId);
        Arguments.Add(command);
        Options.Add(workdir);
        Options.Add(timeout);
        Options.Add(poll);
    }

    /// <summary>
    /// Marks where the remote command starts, so its own flags (<c>ls -la</c>) are not read as sockt's: a <c>--</c> goes
    /// before the first word after the sandbox id that is not one of exec's options. Exec's options may come before
    /// or right after the id (the official README shows both).
    /// </summary>
    public static string[] MarkCommandStart(string[] args)
    {
        var position = 0;
        // Global options before the command name.
        while (position < args.Length && args[position] != "exec" && args[position].StartsWith('-'))
        {
            position += args[position] == "--token" ? 2 : 1;
        }

        if (position >= args.Length || args[position] != "exec")
        {
            return args;
        }

        var positionals = 0;
        for (var i = position + 1; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                return args;
            }

            if (token.StartsWith('-') && positionals < 2)
            {
                i += ValueOptionNames.Contains(token) ? 1 : 0;
                continue;
            }

            if (++positionals == 2)
            {
                return [.. args[..i], "--", .. args[i..]];
            }
        }

        return args;
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var id = parse.GetRequiredValue(sandboxId);
        var text = string.Join(' ', parse.GetRequiredValue(command));
        var pollMs = parse.GetValue(poll);
        if (pollMs <= 0)
        {
            throw new CliException("--poll must be a positive number of milliseconds");
        }

        var options = new ExecOptions
        {
            WorkingDirectory = string.IsNullOrEmpty(parse.GetValue(workdir)) ? null : parse.GetValue(workdir),
            Timeout = parse.GetValue(timeout) is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : null,
            PollInterval = TimeSpan.FromMilliseconds(pollMs),
        };

        var sandbox = await context.GetRunningSandboxAsync(id, cancellationToken);
        var execution = await sandbox.StartExecAsync(text, options, cancellationToken);
        try
        {
            if (context.Json)
            {
                var collected = await execution.WaitAsync(cancellationToken);
                await JsonOutput.WriteAsync(context, collected);
                return ExitCodeOf(collected);
            }

            await using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
            await foreach (var chunk in execution.ReadOutputAsync(cancellationToken))
            {
                await (chunk.Stream == "stderr" ? context.Error : stdout).WriteAsync(chunk.Chunk);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The SDK cancelled the remote execution when the token fired; say so, then exit with 130.
            await context.Error.WriteLineAsync($"{Environment.NewLine}Execution {execution.ExecutionId} cancelled");
            throw;
        }

        var result = await execution.GetResultAsync(cancellationToken);
        if (!string.IsNullOrEmpty(result.Error))
        {
            await context.Error.WriteLineAsync("Error: " + result.Error);
        }

        if (result.PendingInvoice?.Bolt11 is { Length: > 0 } bolt11)
        {
            await context.Error.WriteLineAsync($"{Environment.NewLine}Payment required. Invoice:{Environment.NewLine}{bolt11}");
        }

        return ExitCodeOf(result);
    }

    /// <summary>The remote exit code; a failed or cancelled execution that reports 0 (or nothing) exits with 1.</summary>
    private static int ExitCodeOf(ExecResult result) =>
        result.ExitCode is { } code && code != 0 ? code
        : result.Status == ExecutionState.Failed || result.Status == ExecutionState.Cancelled ? 1
        : result.ExitCode ?? 0;
}
