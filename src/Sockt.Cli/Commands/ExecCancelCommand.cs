using System.CommandLine;
using Sockt.Cli.Infrastructure;
using Sockt.Models;

namespace Sockt.Cli.Commands;

/// <summary><c>sockt exec-cancel &lt;execution-id&gt;</c>: cancels a running execution (send the credential that started it).</summary>
internal sealed class ExecCancelCommand : SocktCommand
{
    private readonly Argument<string> executionId = new("execution-id") { Description = "The execution id" };

    public ExecCancelCommand()
        : base("exec-cancel", "Cancel a running execution")
    {
        Arguments.Add(executionId);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var id = context.ParseResult.GetRequiredValue(executionId);
        await context.Client.CancelExecutionAsync(id, cancellationToken);
        if (context.Json)
        {
            await JsonOutput.WriteAsync(context, new { ExecutionId = id, Status = ExecutionState.Cancelled });
        }
        else
        {
            await context.Out.WriteLineAsync($"Execution {id} cancelled");
        }

        return 0;
    }
}
