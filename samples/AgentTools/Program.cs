// Agent tools: a model writes a program into a sandbox, runs it and reads what it printed, through
// Microsoft.Extensions.AI's function-invoking chat client and the Sockt tools (behind their spending guard).
// The "model" here is scripted, so the sample needs no network and no model key; README.md shows the two lines that
// swap in a real one. Runs against an emulator embedded in this process, unless SOCKT_API_URL / SOCKT_API_KEY are set.
using Microsoft.Extensions.AI;
using Sockt.AI;
using Sockt.AI.Testing;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();
var options = new SocktToolsOptions();
options.Limits.MaxSandboxes = 1;        // the guard: one sandbox at a time, 100 sats at most, commands of 2 minutes at most
options.Limits.MaxSpendSats = 100;
options.Limits.MaxCommandTimeout = TimeSpan.FromMinutes(2);
options.Limits.DefaultCommandTimeout = TimeSpan.FromSeconds(30);
await using var tools = SocktTools.ForClient(client, options); // disposing it terminates the sandbox the model created

// What a model would answer, turn by turn, given the conversation so far (tool results included).
string? sandboxId = null;
IChatClient model = new ScriptedChatClient(
    _ => ScriptedChatClient.CallTool("create_sandbox"),
    conversation =>
    {
        sandboxId = ScriptedChatClient.LastToolResult(conversation)?.GetProperty("sandbox_id").GetString();
        return ScriptedChatClient.CallTool("write_file", new Dictionary<string, object?>
        {
            ["sandbox_id"] = sandboxId,
            ["path"] = "fib.sh",
            ["content"] = "a=0; b=1\nfor i in $(seq 10); do printf '%s ' \"$a\"; n=$((a + b)); a=$b; b=$n; done\necho\n",
        });
    },
    _ => ScriptedChatClient.CallTool("run_command", new Dictionary<string, object?> { ["sandbox_id"] = sandboxId, ["command"] = "bash fib.sh" }),
    conversation => ScriptedChatClient.Reply("The program printed: " + ScriptedChatClient.LastToolResult(conversation)?.GetProperty("stdout").GetString()?.Trim()));

using var chat = new ChatClientBuilder(model).UseFunctionInvocation().Build();
var response = await chat.GetResponseAsync(
    "Write a program that prints the first ten Fibonacci numbers, run it in a sandbox, and tell me what it printed.",
    new ChatOptions { Tools = tools.AsAITools() });

foreach (var content in response.Messages.SelectMany(message => message.Contents))
{
    switch (content)
    {
        case FunctionCallContent call:
            Console.WriteLine($"model calls {call.Name}");
            break;
        case FunctionResultContent result:
            Console.WriteLine($"  tool result: {result.Result}");
            break;
    }
}

Console.WriteLine("Assistant: " + response.Text);
