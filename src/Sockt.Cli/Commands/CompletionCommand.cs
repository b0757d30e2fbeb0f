using System.CommandLine;

namespace Sockt.Cli.Commands;

/// <summary>
/// <c>sockt completion bash|zsh|pwsh</c>: prints a script that asks sockt itself for completions (System.CommandLine's
/// <c>[suggest]</c> directive), so they always match the installed version. Load it from the shell's profile.
/// </summary>
internal sealed class CompletionCommand : Command
{
    private readonly Argument<string> shell = new("shell") { Description = "bash, zsh or pwsh" };

    public CompletionCommand()
        : base("completion", "Print the shell completion script: eval \"$(sockt completion bash)\" in ~/.bashrc")
    {
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        Arguments.Add(shell);
        SetAction(parseResult =>
        {
            Console.Out.Write(parseResult.GetRequiredValue(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                _ => PowerShell,
            });
            return 0;
        });
    }

    private const string Bash = """
        _sockt_complete() {
            local IFS=$'\n'
            COMPREPLY=( $(sockt "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
        }
        complete -o default -F _sockt_complete sockt

        """;

    private const string Zsh = """
        _sockt_complete() {
            local -a completions
            completions=( ${(f)"$(sockt "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)"} )
            compadd -- $completions
        }
        compdef _sockt_complete sockt

        """;

    private const string PowerShell = """
        Register-ArgumentCompleter -Native -CommandName sockt -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            sockt "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
