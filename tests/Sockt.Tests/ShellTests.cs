using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Sandbox.ConnectShellAsync hands the session the sandbox's id and credential (the session itself is tested in Sockt.Shell.Tests).</summary>
public class ShellTests
{
    [Test]
    public async Task A_sandbox_that_is_not_running_is_refused_before_any_dial()
    {
        using var test = new TestClient();
        test.Stub.On("GET", "/v1/sandboxes/sb_1", 200, Json.Status("paused"));

        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => test.Sandbox().ConnectShellAsync());

        Assert.Multiple(() =>
        {
            Assert.That(exception!.SandboxId, Is.EqualTo("sb_1"));
            Assert.That(exception.LastStatus, Is.EqualTo(SandboxState.Paused));
            Assert.That(test.Stub.Requests.Select(request => request.Path), Has.None.Contains("shell-url"));
        });
    }

    [Test]
    public void ConnectShellAsync_needs_a_credential()
    {
        using var test = new TestClient(withApiKey: false);

        Assert.That(() => test.Sandbox().ConnectShellAsync(), Throws.InvalidOperationException);
    }
}
