using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>A success answer without the fields the SDK needs (a "{}" from a proxy) is an ApiException, not a model of defaults.</summary>
public class RequiredFieldsTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, string method, string path, string body, string missing, Func<TestClient, Task> call) =>
            new TestCaseData(method, path, body, missing, call).SetName($"{name} answered {body} is an ApiException naming {missing}");

        yield return Case("Status", "GET", "/v1/sandboxes/sb_1", "{}", "sandbox_id, status", t => t.Client.GetSandboxAsync("sb_1"));
        yield return Case("Status", "GET", "/v1/sandboxes/sb_1", """{"sandbox_id":"sb_1"}""", "status", t => t.Sandbox().RefreshStatusAsync());
        yield return Case("Status", "GET", "/v1/sandboxes/sb_1", """{"status":"running"}""", "sandbox_id", t => t.Sandbox().RefreshStatusAsync());
        yield return Case("Create", "POST", "/v1/sandboxes", "{}", "sandbox_id", t => t.Client.CreateSandboxAsync("nano"));
        yield return Case("Create", "POST", "/v1/sandboxes", """{"sandbox_id":"sb_1","sandbox_token":"sbx_t1234"}""", "status", t => t.Client.CreateSandboxAsync("nano"));
        yield return Case("Create", "POST", "/v1/sandboxes", """{"ID":"sb_1"}""", "status (or Status)", t => t.Client.CreateSandboxAsync("nano"));
        yield return Case("StartExec", "POST", "/v1/sandboxes/sb_1/exec", "{}", "execution_id", t => t.Sandbox().StartExecAsync("echo hi"));
        yield return Case("Poll", "GET", "/v1/executions/exec_1", "{}", "status", t => t.Sandbox().GetExecutionResultAsync("exec_1"));
        yield return Case("ReadFile", "POST", "/v1/sandboxes/sb_1/files/read", "{}", "content", t => t.Sandbox().ReadFileAsync("a.txt"));
        yield return Case("ReadFileBytes", "POST", "/v1/sandboxes/sb_1/files/read", """{"encoding":"base64","size_bytes":3}""", "content", t => t.Sandbox().ReadFileBytesAsync("a.bin"));
        yield return Case("ReadFileToStream", "POST", "/v1/sandboxes/sb_1/files/read", "{}", "content", t => t.Sandbox().ReadFileToStreamAsync("a.bin", Stream.Null));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Missing_required_fields_are_an_api_exception(string method, string path, string body, string missing, Func<TestClient, Task> call)
    {
        using var test = new TestClient();
        test.Stub.On(method, path, method == "POST" && path == "/v1/sandboxes" ? 201 : 200, body);

        var exception = await Assert.ThrowsAsync<ApiException>(() => call(test));

        Assert.Multiple(() =>
        {
            Assert.That(exception, Is.TypeOf<ApiException>());
            Assert.That(exception!.Message, Does.Contain($"without {missing}"));
            Assert.That(exception.StatusCode, Is.InRange(200, 299));
        });
    }

    [Test]
    public async Task ExecAsync_stops_at_a_poll_without_a_state()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", "/v1/sandboxes/sb_1/exec", Json.ExecStarted)
            .OnJson("GET", "/v1/executions/exec_1", """{"output":[]}""");

        var exception = await Assert.ThrowsAsync<ApiException>(() => test.Sandbox().ExecAsync("echo hi"));

        Assert.That(exception!.Message, Does.Contain("without status"));
    }

    [Test]
    public async Task An_empty_file_is_not_a_missing_content()
    {
        using var test = new TestClient();
        test.Stub.OnJson("POST", "/v1/sandboxes/sb_1/files/read", """{"path":"/home/sandbox/empty","content":"","encoding":"utf8","size":0}""");

        Assert.That(await test.Sandbox().ReadFileAsync("empty"), Is.Empty);
    }
}
