using Newtonsoft.Json.Linq;
using Refit;
using Sockt.Api;
using Sockt.Contract.Tests.Infrastructure;
using Sockt.Models;
using Sockt.Serialization;

namespace Sockt.Contract.Tests.Serialization;

/// <summary>
/// The generated interface with <see cref="SocktRefitSettings"/>, against a real loopback server: what each
/// kind of call puts on the wire (routes, query formatting, bodies or their absence) and how it reads answers.
/// </summary>
public sealed class RefitWireTests
{
    private RecordingServer server = null!;
    private HttpClient httpClient = null!;
    private ISocktApi api = null!;

    [SetUp]
    public async Task StartServer()
    {
        server = await RecordingServer.StartAsync();
        httpClient = new HttpClient { BaseAddress = server.BaseAddress };
        api = RestService.For<ISocktApi>(httpClient, SocktRefitSettings.Create());
    }

    [TearDown]
    public async Task StopServer()
    {
        httpClient.Dispose();
        await server.DisposeAsync();
    }

    [Test]
    public async Task List_files_sends_wire_names_and_lower_case_booleans()
    {
        server.ResponseJson = await File.ReadAllTextAsync(RepoPaths.TestData("wire", "file-list.json"));

        var list = await api.ListFilesAsync("sb_1", "src/app", true, 2, "sbx_token");

        var request = server.Requests.Single();
        Assert.That(request.Method, Is.EqualTo("GET"));
        Assert.That(request.Path, Is.EqualTo("/v1/sandboxes/sb_1/files"));
        Assert.That(request.Query, Is.EqualTo("?path=src%2Fapp&recursive=true&max_depth=2&sandbox_token=sbx_token"));
        Assert.That(request.Body, Is.Empty);
        Assert.That(list.Entries, Has.Count.EqualTo(2));
        Assert.That(list.TotalEntries, Is.EqualTo(2));
    }

    [Test]
    public async Task Null_query_parameters_are_left_out()
    {
        server.ResponseJson = """{"entries":[],"total_entries":0}""";

        await api.ListFilesAsync("sb_1", ".", null, null, null);

        Assert.That(server.Requests.Single().Query, Is.EqualTo("?path=."));
    }

    [Test]
    public async Task Path_parameters_are_escaped()
    {
        server.ResponseJson = await File.ReadAllTextAsync(RepoPaths.TestData("wire", "status.json"));

        var status = await api.GetSandboxStatusAsync("sb 1/..", null);

        Assert.That(server.Requests.Single().Path, Is.EqualTo("/v1/sandboxes/sb 1%2F.."));
        Assert.That(status.SandboxId, Is.EqualTo("sb_9f8a3d2e1c0b"));
    }

    [TestCase("pause")]
    [TestCase("resume")]
    public async Task Pause_and_resume_post_without_a_body_or_content_type(string action)
    {
        server.ResponseJson = await File.ReadAllTextAsync(RepoPaths.TestData("wire", action == "pause" ? "paused.json" : "resumed.json"));

        var result = action == "pause" ? await api.PauseSandboxAsync("sb_1") : await api.ResumeSandboxAsync("sb_1");

        var request = server.Requests.Single();
        Assert.That(request.Method, Is.EqualTo("POST"));
        Assert.That(request.Path, Is.EqualTo($"/v1/sandboxes/sb_1/{action}"));
        Assert.That(request.ContentType, Is.Null);
        Assert.That(request.Body, Is.Empty);
        Assert.That(result.Status, Is.EqualTo(action == "pause" ? "paused" : "running"));
    }

    [Test]
    public async Task Terminate_without_a_body_sends_none()
    {
        server.ResponseJson = await File.ReadAllTextAsync(RepoPaths.TestData("wire", "terminated-credits.json"));

        var result = await api.TerminateSandboxAsync("sb_1", null, null);

        var request = server.Requests.Single();
        Assert.That(request.Method, Is.EqualTo("DELETE"));
        Assert.That(request.Query, Is.Empty);
        Assert.That(request.ContentType, Is.Null);
        Assert.That(request.ContentLength ?? 0, Is.Zero);
        Assert.That(request.Body, Is.Empty);
        Assert.That(result.Refund?.AmountCents, Is.EqualTo(85));
    }

    [Test]
    public async Task Terminate_with_a_body_sends_buffered_json_on_the_delete()
    {
        server.ResponseJson = await File.ReadAllTextAsync(RepoPaths.TestData("wire", "terminated-lightning.json"));

        var result = await api.TerminateSandboxAsync("sb_1", "sbx_token", new TerminateSandboxRequest { LightningAddress = "agent-sats@wallet.example" });

        var request = server.Requests.Single();
        Assert.That(request.Query, Is.EqualTo("?sandbox_token=sbx_token"));
        Assert.That(request.ContentType, Is.EqualTo("application/json; charset=utf-8"));
        Assert.That(request.Chunked, Is.False);
        Assert.That(request.ContentLength, Is.EqualTo(request.Body.Length));
        Assert.That(request.Body, Is.EqualTo("""{"lightning_address":"agent-sats@wallet.example"}"""));
        Assert.That(result.Refund?.Status, Is.EqualTo("sent"));
    }

    [Test]
    public async Task Write_file_always_sends_create_dirs()
    {
        server.ResponseJson = await File.ReadAllTextAsync(RepoPaths.TestData("wire", "file-written.json"));

        await api.WriteFileAsync("sb_1", new WriteFileRequest { Path = "a.txt", Content = "x", CreateDirs = false });

        Assert.That(server.Requests.Single().Body, Is.EqualTo("""{"path":"a.txt","create_dirs":false,"content":"x"}"""));
    }

    [TestCase("create-lightning.json", typeof(LightningSandboxCreated))]
    [TestCase("create-credits.json", typeof(CreditsSandboxCreated))]
    public async Task Create_returns_the_raw_object_for_either_shape(string file, Type shape)
    {
        server.ResponseJson = await File.ReadAllTextAsync(RepoPaths.TestData("wire", file));
        server.StatusCode = 201;

        var created = await api.CreateSandboxAsync(new CreateSandboxRequest { Tier = "nano" });

        Assert.That(server.Requests.Single().Body, Is.EqualTo("""{"tier":"nano"}"""));
        Assert.That(JToken.DeepEquals(created, WireJson.Parse(server.ResponseJson)), Is.True, "times and numbers stay as sent");
        var typed = created.ToObject(shape, SocktJsonSettings.CreateSerializer());
        var id = shape == typeof(LightningSandboxCreated) ? ((LightningSandboxCreated)typed!).SandboxId : ((CreditsSandboxCreated)typed!).Id;
        Assert.That(id, Is.EqualTo("sb_9f8a3d2e1c0b"));
    }

    [Test]
    public async Task Times_keep_the_offset_the_service_sent()
    {
        server.ResponseJson = """{"sandbox_id":"sb_1","terminated_at":"2026-05-29T10:15:30.1234567+02:00"}""";

        var result = await api.TerminateSandboxAsync("sb_1", null, null);

        Assert.That(result.WireTerminatedAt, Is.EqualTo("2026-05-29T10:15:30.1234567+02:00"), "the wire member keeps the string as sent");
        Assert.That(result.TerminatedAt, Is.EqualTo(new DateTimeOffset(2026, 5, 29, 10, 15, 30, TimeSpan.FromHours(2)).AddTicks(1234567)));
        Assert.That(result.TerminatedAt!.Value.Offset, Is.EqualTo(TimeSpan.FromHours(2)));
    }

    [Test]
    public async Task Cancellation_token_reaches_the_request()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await api.ListTiersAsync(cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(server.Requests, Is.Empty);
    }
}
