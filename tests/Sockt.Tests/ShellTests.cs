using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Sandbox.Shell() hands the session the sandbox's id and credential (the session itself is tested in Sockt.Shell.Tests).</summary>
public class ShellTests
{
    [Test]
    public async Task Shell_is_created_for_the_sandbox_without_any_request()
    {
        using var test = new TestClient();

        await using var shell = test.Sandbox().Shell();

        Assert.Multiple(() =>
        {
            Assert.That(shell.SandboxId, Is.EqualTo("sb_1"));
            Assert.That(shell.IsConnected, Is.False);
            Assert.That(test.Stub.Requests, Is.Empty);
        });
    }

    [Test]
    public void Shell_needs_a_credential()
    {
        using var test = new TestClient(withApiKey: false);

        Assert.That(() => test.Sandbox().Shell(), Throws.InvalidOperationException);
    }
}
