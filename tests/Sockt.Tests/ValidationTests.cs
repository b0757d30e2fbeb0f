using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Bad arguments throw before any request, naming the parameter.</summary>
public class ValidationTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(string name, Type exception, string parameter, Func<ComputeClient, Sandbox, Task> call) =>
            new TestCaseData(exception, parameter, call).SetName($"{name} throws {exception.Name} for {parameter}");

        static TimeSpan ms(int value) => TimeSpan.FromMilliseconds(value);
        yield return Case("CreateSandbox null tier", typeof(ArgumentNullException), "tier", (c, _) => c.CreateSandboxAsync((string)null!));
        yield return Case("CreateSandbox blank tier", typeof(ArgumentException), "tier", (c, _) => c.CreateSandboxAsync(" "));
        yield return Case("CreateSandbox blank billing", typeof(ArgumentException), "billingMethod", (c, _) => c.CreateSandboxAsync("nano", ""));
        yield return Case("CreateSandbox zero sats", typeof(ArgumentOutOfRangeException), "prepaidSats", (c, _) => c.CreateSandboxAsync("nano", "lightning", prepaidSats: 0));
        yield return Case("CreateSandbox negative cents", typeof(ArgumentOutOfRangeException), "initialCreditsCents", (c, _) => c.CreateSandboxAsync("nano", "credits", initialCreditsCents: -1));
        yield return Case("CreateSandbox null options", typeof(ArgumentNullException), "options", (c, _) => c.CreateSandboxAsync((CreateSandboxOptions)null!));
        yield return Case("GetSandbox empty id", typeof(ArgumentException), "sandboxId", (c, _) => c.GetSandboxAsync(""));
        yield return Case("GetSandbox null id", typeof(ArgumentNullException), "sandboxId", (c, _) => c.GetSandboxAsync(null!));
        yield return Case("GetSandbox blank token", typeof(ArgumentException), "sandboxToken", (c, _) => c.GetSandboxAsync("sb_1", " "));
        yield return Case("Wait zero timeout", typeof(ArgumentOutOfRangeException), "timeout", (_, s) => s.WaitUntilRunningAsync(TimeSpan.Zero));
        yield return Case("Wait negative interval", typeof(ArgumentOutOfRangeException), "pollInterval", (_, s) => s.WaitUntilRunningAsync(pollInterval: ms(-1)));
        yield return Case("Terminate blank address", typeof(ArgumentException), "lightningAddress", (_, s) => s.TerminateAsync(" "));
        yield return Case("StartExec empty command", typeof(ArgumentException), "command", (_, s) => s.StartExecAsync(""));
        yield return Case("StartExec null command", typeof(ArgumentNullException), "command", (_, s) => s.StartExecAsync(null!));
        yield return Case("StartExec blank dir", typeof(ArgumentException), "options.WorkingDirectory", (_, s) => s.StartExecAsync("ls", new ExecOptions { WorkingDirectory = " " }));
        yield return Case("StartExec zero timeout", typeof(ArgumentOutOfRangeException), "options.Timeout", (_, s) => s.StartExecAsync("ls", new ExecOptions { Timeout = TimeSpan.Zero }));
        yield return Case("StartExec negative timeout", typeof(ArgumentOutOfRangeException), "options.Timeout", (_, s) => s.StartExecAsync("ls", new ExecOptions { Timeout = ms(-5) }));
        yield return Case("StartExec timeout beyond the wire", typeof(ArgumentOutOfRangeException), "options.Timeout", (_, s) => s.StartExecAsync("ls", new ExecOptions { Timeout = TimeSpan.FromDays(30) }));
        yield return Case("Exec whitespace command", typeof(ArgumentException), "command", (_, s) => s.ExecAsync("  "));
        yield return Case("Exec zero interval", typeof(ArgumentOutOfRangeException), "options.PollInterval", (_, s) => s.ExecAsync("ls", new ExecOptions { PollInterval = TimeSpan.Zero }));
        yield return Case("Exec negative timeout", typeof(ArgumentOutOfRangeException), "options.Timeout", (_, s) => s.ExecAsync("ls", new ExecOptions { Timeout = ms(-1) }));
        yield return Case("GetExecutionResult empty id", typeof(ArgumentException), "executionId", (_, s) => s.GetExecutionResultAsync(""));
        yield return Case("CancelExecution null id", typeof(ArgumentNullException), "executionId", (_, s) => s.CancelExecutionAsync(null!));
        yield return Case("WriteFile empty path", typeof(ArgumentException), "path", (_, s) => s.WriteFileAsync("", "x"));
        yield return Case("WriteFile null content", typeof(ArgumentNullException), "content", (_, s) => s.WriteFileAsync("a", (string)null!));
        yield return Case("WriteFile unknown encoding", typeof(ArgumentException), "encoding", (_, s) => s.WriteFileAsync("a", "x", "latin1"));
        yield return Case("WriteFile bytes blank path", typeof(ArgumentException), "path", (_, s) => s.WriteFileAsync(" ", new byte[] { 1 }));
        yield return Case("WriteFile null stream", typeof(ArgumentNullException), "content", (_, s) => s.WriteFileAsync("a", (Stream)null!));
        yield return Case("ReadFile empty path", typeof(ArgumentException), "path", (_, s) => s.ReadFileAsync(""));
        yield return Case("ReadFile unknown encoding", typeof(ArgumentException), "encoding", (_, s) => s.ReadFileAsync("a", "UTF-8"));
        yield return Case("ReadFile negative max", typeof(ArgumentOutOfRangeException), "maxBytes", (_, s) => s.ReadFileAsync("a", maxBytes: -1));
        yield return Case("ReadFileBytes negative max", typeof(ArgumentOutOfRangeException), "maxBytes", (_, s) => s.ReadFileBytesAsync("a", -1));
        yield return Case("ReadFileToStream null destination", typeof(ArgumentNullException), "destination", (_, s) => s.ReadFileToStreamAsync("a", null!));
        yield return Case("ListFiles blank path", typeof(ArgumentException), "path", (_, s) => s.ListFilesAsync(" "));
        yield return Case("ListFiles negative depth", typeof(ArgumentOutOfRangeException), "maxDepth", (_, s) => s.ListFilesAsync(".", true, -1));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Bad_argument_is_rejected_before_any_request(Type exceptionType, string parameter, Func<ComputeClient, Sandbox, Task> call)
    {
        using var test = new TestClient();
        var sandbox = test.Sandbox();

        var exception = await Assert.ThrowsAsync(Is.TypeOf(exceptionType), async () => await call(test.Client, sandbox));

        Assert.Multiple(() =>
        {
            Assert.That(((ArgumentException)exception!).ParamName, Is.EqualTo(parameter));
            Assert.That(test.Stub.Requests, Is.Empty);
        });
    }

    [Test]
    public void Null_http_client_is_rejected()
    {
        Assert.That(() => new ComputeClient(new ComputeClientOptions(), (HttpClient)null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("httpClient"));
    }

    [Test]
    public async Task Disposed_client_refuses_calls()
    {
        var test = new TestClient();
        test.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => test.Client.ListTiersAsync());
    }
}
