using System.Text;
using System.Text.Json;
using Sockt.AI.Tests.Infrastructure;

namespace Sockt.AI.Tests.Functions;

/// <summary>What each function returns to the model: clipped streams, text and binary files, listings, argument errors.</summary>
public sealed class ToolResultTests : AgentEmulatorFixture
{
    private SocktTools tools = null!;
    private string sandboxId = null!;

    [OneTimeSetUp]
    public async Task CreateToolsAsync()
    {
        tools = SocktTools.ForClient(Client, new SocktToolsOptions { MaxOutputChars = 200 });
        sandboxId = (await ToolCalls.CallAsync(tools, SocktToolNames.CreateSandbox)).SandboxId();
    }

    [OneTimeTearDown]
    public async Task DisposeToolsAsync() => await tools.DisposeAsync();

    [Test]
    public async Task Long_output_keeps_head_and_tail_and_says_it_was_clipped()
    {
        var result = await Call(SocktToolNames.RunCommand, new() { ["command"] = "echo BEGIN; head -c 5000 /dev/zero | tr '\\0' x; echo; echo END; echo oops >&2; exit 3" });

        Assert.That(result.GetProperty("exit_code").GetInt32(), Is.EqualTo(3), "a failing command is a result, not a tool error");
        Assert.That(result.Error(), Is.Null);
        var stdout = result.Text("stdout")!;
        Assert.That(stdout, Has.Length.LessThanOrEqualTo(200));
        Assert.That(stdout, Does.StartWith("BEGIN\n").And.EndWith("END\n").And.Contain("characters left out"));
        Assert.That(result.Text("stderr"), Is.EqualTo("oops\n"));
        Assert.That(result.GetProperty("truncated").GetBoolean(), Is.True);
        Assert.That(result.Text("note"), Does.Contain("stdout 5011"));
    }

    [Test]
    public async Task Read_file_returns_text_and_reports_binary_by_size_unless_base64_is_asked_for()
    {
        await Call(SocktToolNames.WriteFile, new() { ["path"] = "notes/hello.txt", ["content"] = "héllo\n" });
        var text = await Call(SocktToolNames.ReadFile, new() { ["path"] = "notes/hello.txt" });
        Assert.That(text.Text("content"), Is.EqualTo("héllo\n"));
        Assert.That(text.GetProperty("size_bytes").GetInt64(), Is.EqualTo(Encoding.UTF8.GetByteCount("héllo\n")));

        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF, 0x10];
        var sandbox = await Client.GetSandboxAsync(sandboxId);
        await sandbox.WriteFileAsync("image.png", bytes);
        var binary = await Call(SocktToolNames.ReadFile, new() { ["path"] = "image.png" });
        Assert.That(binary.GetProperty("binary").GetBoolean(), Is.True);
        Assert.That(binary.GetProperty("size_bytes").GetInt64(), Is.EqualTo(7));
        Assert.That(binary.TryGetProperty("content", out _), Is.False);

        var base64 = await Call(SocktToolNames.ReadFile, new() { ["path"] = "image.png", ["as_base64"] = true });
        Assert.That(base64.Text("content_base64"), Is.EqualTo(Convert.ToBase64String(bytes)));
    }

    [Test]
    public async Task List_files_shows_names_types_and_sizes()
    {
        await Call(SocktToolNames.WriteFile, new() { ["path"] = "tree/a/b.txt", ["content"] = "bee" });
        var flat = await Call(SocktToolNames.ListFiles, new() { ["path"] = "tree" });
        Assert.That(flat.GetProperty("entries").EnumerateArray().Select(e => $"{e.Text("name")}:{e.Text("type")}"), Is.EqualTo(new[] { "a:dir" }));

        var deep = await Call(SocktToolNames.ListFiles, new() { ["path"] = "tree", ["recursive"] = true });
        var file = deep.GetProperty("entries").EnumerateArray().Single(e => e.Text("type") == "file");
        Assert.That(file.Text("name"), Does.EndWith("b.txt"));
        Assert.That(file.GetProperty("size").GetInt64(), Is.EqualTo(3));
    }

    [Test]
    public async Task Bad_arguments_and_missing_files_come_back_as_errors_the_model_can_fix()
    {
        var missing = await ToolCalls.CallAsync(tools, SocktToolNames.RunCommand, new() { ["sandbox_id"] = sandboxId, ["cmd"] = "ls" });
        Assert.That(missing.Error(), Is.EqualTo(SocktToolErrors.InvalidArguments));
        Assert.That(missing.Text("message"), Does.Contain("unknown argument 'cmd'").And.Contain("'command' is required"));

        var wrongType = await Call(SocktToolNames.RunCommand, new() { ["command"] = "ls", ["timeout_seconds"] = "soon" });
        Assert.That(wrongType.Text("message"), Does.Contain("'timeout_seconds' must be a number"));

        var notThere = await Call(SocktToolNames.ReadFile, new() { ["path"] = "no/such/file.txt" });
        Assert.That(notThere.Error(), Is.EqualTo(SocktToolErrors.NotFound), notThere.ToString());

        var outside = await Call(SocktToolNames.ReadFile, new() { ["path"] = "../../etc/passwd" });
        Assert.That(outside.Error(), Is.EqualTo(SocktToolErrors.InvalidRequest), outside.ToString());
        Assert.That(outside.ToString(), Does.Not.Contain("root:"));
    }

    private Task<JsonElement> Call(string name, Dictionary<string, object?> arguments)
    {
        arguments["sandbox_id"] = sandboxId;
        return ToolCalls.CallAsync(tools, name, arguments);
    }
}
