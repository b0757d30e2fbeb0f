using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Snapshooter.NUnit;
using Sockt.AI.Tests.Infrastructure;
using Sockt.Testing;

namespace Sockt.AI.Tests.Mcp;

/// <summary>
/// <c>sockt mcp</c> through the real protocol: the ModelContextProtocol client starts it as a child process over stdio
/// against this fixture's emulator, as an MCP client configured from docs/agents.md would.
/// </summary>
public sealed class McpServerTests : AgentEmulatorFixture
{
    [Test]
    public async Task Lists_the_tools_with_their_schemas()
    {
        await using var server = await SocktMcpProcess.StartAsync(Emulator.BaseUrl, ApiKey);

        var tools = await server.Client.ListToolsAsync();

        Assert.That(server.Client.ServerInfo?.Name, Is.EqualTo("sockt"));
        Assert.That(tools.Select(t => t.Name), Is.EqualTo(new[]
        {
            SocktToolNames.CreateSandbox, SocktToolNames.RunCommand, SocktToolNames.WriteFile, SocktToolNames.ReadFile,
            SocktToolNames.ListFiles, SocktToolNames.SandboxStatus, SocktToolNames.TerminateSandbox,
        }));
        var listing = JsonSerializer.Serialize(tools.Select(t => t.ProtocolTool), new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Snapshot.Match(listing);
    }

    [Test]
    public async Task Creates_a_sandbox_runs_a_command_reads_the_file_it_wrote_and_terminates_it()
    {
        await using var server = await SocktMcpProcess.StartAsync(Emulator.BaseUrl, ApiKey);

        var created = await CallAsync(server, SocktToolNames.CreateSandbox);
        var sandboxId = created.Structured["sandbox_id"]!.GetValue<string>();
        Assert.That(created.Structured["status"]!.GetValue<string>(), Is.EqualTo("running"));

        var ran = await CallAsync(server, SocktToolNames.RunCommand, new() { ["sandbox_id"] = sandboxId, ["command"] = "echo $((6*7)) | tee answer.txt" });
        Assert.That(ran.Structured["exit_code"]!.GetValue<int>(), Is.Zero);
        Assert.That(ran.Structured["stdout"]!.GetValue<string>(), Is.EqualTo("42\n"));
        Assert.That(ran.Structured["stderr"]!.GetValue<string>(), Is.Empty);

        var listed = await CallAsync(server, SocktToolNames.ListFiles, new() { ["sandbox_id"] = sandboxId });
        Assert.That(listed.Structured["entries"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()), Does.Contain("answer.txt"));

        var read = await CallAsync(server, SocktToolNames.ReadFile, new() { ["sandbox_id"] = sandboxId, ["path"] = "answer.txt" });
        Assert.That(read.Structured["content"]!.GetValue<string>(), Is.EqualTo("42\n"));

        var written = await CallAsync(server, SocktToolNames.WriteFile, new() { ["sandbox_id"] = sandboxId, ["path"] = "notes/plan.md", ["content"] = "# plan\n" });
        Assert.That(written.Structured["bytes_written"]!.GetValue<long>(), Is.EqualTo(7));

        var status = await CallAsync(server, SocktToolNames.SandboxStatus, new() { ["sandbox_id"] = sandboxId });
        Assert.That(status.Structured["status"]!.GetValue<string>(), Is.EqualTo("running"));
        Assert.That(status.Structured["max_spend_sats"]!.GetValue<long>(), Is.EqualTo(1000));

        var terminated = await CallAsync(server, SocktToolNames.TerminateSandbox, new() { ["sandbox_id"] = sandboxId });
        Assert.That(terminated.Structured["status"]!.GetValue<string>(), Is.EqualTo("terminated"));
        Assert.That(await StateOfAsync(sandboxId), Is.EqualTo("terminated"));

        var after = await CallAsync(server, SocktToolNames.RunCommand, new() { ["sandbox_id"] = sandboxId, ["command"] = "echo again" }, expectError: true);
        Assert.That(after.Structured["error"]!.GetValue<string>(), Is.EqualTo(SocktToolErrors.SandboxNotRunning));
    }

    [Test]
    public async Task The_guard_limits_from_flags_and_environment_are_hit_and_named()
    {
        await using var server = await SocktMcpProcess.StartAsync(
            Emulator.BaseUrl,
            ApiKey,
            ["--max-sandboxes", "1", "--allowed-tiers", "nano", "--max-command-timeout", "5s"],
            new Dictionary<string, string?> { ["SOCKT_MAX_SPEND_SATS"] = "20" });

        var micro = await CallAsync(server, SocktToolNames.CreateSandbox, new() { ["tier"] = "micro" }, expectError: true);
        Assert.That(micro.Structured["limit"]!.GetValue<string>(), Is.EqualTo(SocktLimitNames.AllowedTiers));

        var sandboxId = (await CallAsync(server, SocktToolNames.CreateSandbox)).Structured["sandbox_id"]!.GetValue<string>();
        var second = await CallAsync(server, SocktToolNames.CreateSandbox, expectError: true);
        Assert.That(second.Structured["limit"]!.GetValue<string>(), Is.EqualTo(SocktLimitNames.MaxSandboxes));

        var slow = await CallAsync(server, SocktToolNames.RunCommand, new() { ["sandbox_id"] = sandboxId, ["command"] = "sleep 60", ["timeout_seconds"] = 60 }, expectError: true);
        Assert.That(slow.Structured["limit"]!.GetValue<string>(), Is.EqualTo(SocktLimitNames.MaxCommandTimeout));

        var timedOut = await CallAsync(server, SocktToolNames.RunCommand, new() { ["sandbox_id"] = sandboxId, ["command"] = "sleep 60", ["timeout_seconds"] = 1 }, expectError: true);
        Assert.That(timedOut.Structured["error"]!.GetValue<string>(), Is.EqualTo(SocktToolErrors.TimedOut));

        // A minute of nano time is 30 sats, past the 20 sats SOCKT_MAX_SPEND_SATS allows.
        await Emulator.AdvanceClockAsync(TimeSpan.FromMinutes(1));
        var broke = await CallAsync(server, SocktToolNames.RunCommand, new() { ["sandbox_id"] = sandboxId, ["command"] = "echo more" }, expectError: true);
        Assert.That(broke.Structured["limit"]!.GetValue<string>(), Is.EqualTo(SocktLimitNames.MaxSpendSats));
        Assert.That(await StateOfAsync(sandboxId), Is.EqualTo("terminated"));
        // The server logs to stderr (stdout is the protocol); the line arrives on its own schedule.
        await Poll.UntilAsync(() => Task.FromResult(server.StandardError), lines => lines.Any(l => l.Contains("Refused run_command: limit max_spend_sats", StringComparison.Ordinal)), "the refusal in the server's stderr log");
    }

    [Test]
    public async Task Closing_the_client_leaves_no_sandbox_running()
    {
        var server = await SocktMcpProcess.StartAsync(Emulator.BaseUrl, ApiKey);
        string[] sandboxIds;
        try
        {
            sandboxIds =
            [
                (await CallAsync(server, SocktToolNames.CreateSandbox)).Structured["sandbox_id"]!.GetValue<string>(),
                (await CallAsync(server, SocktToolNames.CreateSandbox)).Structured["sandbox_id"]!.GetValue<string>(),
            ];
            Assert.That(await RunningOnEmulatorAsync(), Is.SupersetOf(sandboxIds));
        }
        finally
        {
            await server.DisposeAsync();
        }

        var stillRunning = await Poll.UntilAsync(RunningOnEmulatorAsync, running => !running.Intersect(sandboxIds).Any(), "the server to terminate its sandboxes");
        Assert.That(stillRunning, Is.Empty.Or.Not.SubsetOf(sandboxIds));
        foreach (var id in sandboxIds)
        {
            Assert.That(await StateOfAsync(id), Is.EqualTo("terminated"));
        }
    }

    /// <summary>Calls a tool and checks the result's shape: structured content, the same JSON as text, and isError.</summary>
    private static async Task<(JsonObject Structured, CallToolResult Raw)> CallAsync(SocktMcpProcess server, string tool, Dictionary<string, object?>? arguments = null, bool expectError = false)
    {
        var result = await server.Client.CallToolAsync(tool, arguments ?? []);
        Assert.That(result.StructuredContent, Is.Not.Null, $"{tool} returns structured content");
        var structured = JsonNode.Parse(result.StructuredContent!.Value.GetRawText())!.AsObject();
        Assert.That(result.IsError ?? false, Is.EqualTo(expectError), $"{tool}: {structured.ToJsonString()}");
        var text = result.Content.OfType<TextContentBlock>().Single().Text;
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(text), structured), Is.True, "the text block is the structured content as JSON");
        return (structured, result);
    }

    /// <summary>The sandboxes the emulator has running, from its admin API.</summary>
    private async Task<List<string>> RunningOnEmulatorAsync()
    {
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/_emulator/sandboxes");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.AdminKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["sandboxes"]!.AsArray()
            .Where(s => s!["status"]!.GetValue<string>() == "running")
            .Select(s => s!["sandbox_id"]!.GetValue<string>())
            .ToList();
    }
}
