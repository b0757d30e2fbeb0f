using System.Text.Json;
using Microsoft.Extensions.AI;
using Sockt.AI.Testing;
using Sockt.AI.Tests.Infrastructure;

namespace Sockt.AI.Tests.Functions;

/// <summary>
/// The Microsoft.Extensions.AI functions in a real tool loop: FunctionInvokingChatClient around a scripted model. What
/// the "model" sees on its next turn is exactly what a real model would be sent.
/// </summary>
public sealed class ConversationTests : AgentEmulatorFixture
{
    [Test]
    public async Task A_multi_step_conversation_writes_files_runs_a_program_that_reads_them_and_gets_its_output()
    {
        string? sandboxId = null;
        var script = new ScriptedChatClient(
            _ => ScriptedChatClient.CallTool(SocktToolNames.CreateSandbox),
            conversation =>
            {
                sandboxId = ScriptedChatClient.LastToolResult(conversation)!.Value.SandboxId();
                return ScriptedChatClient.CallTool(SocktToolNames.WriteFile, new Dictionary<string, object?>
                {
                    ["sandbox_id"] = sandboxId, ["path"] = "data/numbers.txt", ["content"] = "3\n4\n5\n",
                });
            },
            _ => ScriptedChatClient.CallTool(SocktToolNames.WriteFile, new Dictionary<string, object?>
            {
                ["sandbox_id"] = sandboxId,
                ["path"] = "sum.sh",
                ["content"] = "total=0\nwhile read n; do total=$((total + n)); done < data/numbers.txt\necho \"sum=$total\"\n",
            }),
            _ => ScriptedChatClient.CallTool(SocktToolNames.RunCommand, new Dictionary<string, object?> { ["sandbox_id"] = sandboxId, ["command"] = "bash sum.sh" }),
            conversation => ScriptedChatClient.Reply("The program printed " + ScriptedChatClient.LastToolResult(conversation)!.Value.Text("stdout")));

        await using (var tools = SocktTools.ForClient(Client))
        {
            using var chat = new FunctionInvokingChatClient(script);
            var response = await chat.GetResponseAsync("Add up 3, 4 and 5 with a shell script", new ChatOptions { Tools = tools.AsAITools() });

            Assert.That(response.Text, Is.EqualTo("The program printed sum=12\n"));
            var ran = ScriptedChatClient.LastToolResult(script.Conversations[^1])!.Value;
            Assert.That(ran.GetProperty("exit_code").GetInt32(), Is.Zero);
            Assert.That(ran.Text("stderr"), Is.Empty);
            Assert.That(await StateOfAsync(sandboxId!), Is.EqualTo("running"));
        }

        Assert.That(await StateOfAsync(sandboxId!), Is.EqualTo("terminated"), "disposing the tools terminates the sandbox they created");
    }

    [Test]
    public async Task A_command_that_times_out_comes_back_as_a_result_the_next_turn_sees()
    {
        await using var tools = SocktTools.ForClient(Client);
        var sandboxId = (await ToolCalls.CallAsync(tools, SocktToolNames.CreateSandbox)).SandboxId();
        var script = new ScriptedChatClient(
            _ => ScriptedChatClient.CallTool(SocktToolNames.RunCommand, new Dictionary<string, object?>
            {
                ["sandbox_id"] = sandboxId, ["command"] = "echo started; sleep 30; echo late", ["timeout_seconds"] = 1,
            }),
            _ => ScriptedChatClient.Reply("It timed out."));

        using var chat = new FunctionInvokingChatClient(script);
        await chat.GetResponseAsync("Run the slow job", new ChatOptions { Tools = tools.AsAITools() });

        var seen = ScriptedChatClient.LastToolResult(script.Conversations[1])!.Value;
        Assert.That(seen.Error(), Is.EqualTo(SocktToolErrors.TimedOut), seen.ToString());
        Assert.That(seen.Text("message"), Does.Contain("1 seconds"));
        Assert.That(seen.Text("stdout"), Is.EqualTo("started\n"), "the output so far comes back with the timeout");
        Assert.That(seen.GetProperty("exit_code").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public async Task A_paused_sandbox_comes_back_as_a_result_the_next_turn_sees()
    {
        var sandbox = await Client.CreateSandboxAsync("nano", BillingMethod.Credits);
        await sandbox.WaitUntilRunningAsync();
        try
        {
            await using var tools = SocktTools.ForSandbox(sandbox);
            await sandbox.PauseAsync();
            var script = new ScriptedChatClient(
                _ => ScriptedChatClient.CallTool(SocktToolNames.RunCommand, new Dictionary<string, object?> { ["command"] = "echo hi" }),
                _ => ScriptedChatClient.Reply("The sandbox is paused."));

            using var chat = new FunctionInvokingChatClient(script);
            var response = await chat.GetResponseAsync("Say hi", new ChatOptions { Tools = tools.AsAITools() });

            var seen = ScriptedChatClient.LastToolResult(script.Conversations[1])!.Value;
            Assert.That(seen.Error(), Is.EqualTo(SocktToolErrors.SandboxPaused), seen.ToString());
            Assert.That(seen.Text("message"), Does.Contain("paused"));
            Assert.That(response.Text, Is.EqualTo("The sandbox is paused."), "the conversation went on");
        }
        finally
        {
            await sandbox.TerminateAsync();
        }

        Assert.That(await StateOfAsync(sandbox.Id), Is.EqualTo("terminated"));
    }

    [Test]
    public async Task An_exhausted_budget_comes_back_as_a_result_naming_the_limit_and_stops_the_spending()
    {
        var options = new SocktToolsOptions();
        options.Limits.MaxSpendSats = 20;
        await using var tools = SocktTools.ForClient(Client, options);
        using var chat = new FunctionInvokingChatClient(new ScriptedChatClient(
            _ => ScriptedChatClient.CallTool(SocktToolNames.CreateSandbox),
            _ => ScriptedChatClient.Reply("Created.")));
        var conversation = new List<ChatMessage> { new(ChatRole.User, "Make a sandbox") };
        conversation.AddRange((await chat.GetResponseAsync(conversation, new ChatOptions { Tools = tools.AsAITools() })).Messages);
        var sandboxId = ScriptedChatClient.LastToolResult(conversation)!.Value.SandboxId();

        // A minute of nano time costs 30 sats: past the 20-sat budget.
        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(1));

        var script = new ScriptedChatClient(
            _ => ScriptedChatClient.CallTool(SocktToolNames.RunCommand, new Dictionary<string, object?> { ["sandbox_id"] = sandboxId, ["command"] = "echo more" }),
            _ => ScriptedChatClient.Reply("Out of budget."));
        using var next = new FunctionInvokingChatClient(script);
        conversation.Add(new ChatMessage(ChatRole.User, "Now run something"));
        await next.GetResponseAsync(conversation, new ChatOptions { Tools = tools.AsAITools() });

        var seen = ScriptedChatClient.LastToolResult(script.Conversations[1])!.Value;
        Assert.That(seen.Error(), Is.EqualTo(SocktToolErrors.LimitExceeded), seen.ToString());
        Assert.That(seen.Text("limit"), Is.EqualTo(SocktLimitNames.MaxSpendSats));
        Assert.That(seen.Text("message"), Does.Contain("30 sats of the 20 sats allowed"));
        Assert.That(await StateOfAsync(sandboxId), Is.EqualTo("terminated"), "the guard ends the sandboxes it created once the budget is spent");
    }
}
