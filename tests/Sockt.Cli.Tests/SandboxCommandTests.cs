using Newtonsoft.Json.Linq;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary>sandbox create/status/pause/resume/terminate, as scripts use them.</summary>
public sealed class SandboxCommandTests : CliTestBase
{
    [Test]
    public async Task Create_wait_prints_only_the_id_on_stdout_and_the_sandbox_runs()
    {
        var result = await RunOkAsync("sandbox", "create", "--tier", "micro", "--label", "cli-test", "--initial-credits", "50", "--wait");
        var id = result.Stdout.TrimEnd('\n');
        Assert.That(id, Does.Not.Contain('\n'), "one line: ID=$(sockt sandbox create --wait)");
        var sandbox = await Client.GetSandboxAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
            Assert.That(sandbox.Tier, Is.EqualTo("micro"));
            Assert.That(sandbox.BillingMethod, Is.EqualTo(BillingMethod.Credits));
            Assert.That(result.Stderr, Does.Contain("Waiting for sandbox to start"));
        });
    }

    [Test]
    public async Task Create_short_flags_and_json()
    {
        var created = await RunJsonAsync("sandbox", "create", "-t", "small", "-b", "credits", "-l", "short-flags", "-w");
        Assert.Multiple(() =>
        {
            Assert.That((string?)created["sandbox_id"] ?? (string?)created["id"], Does.StartWith("sb_"));
            Assert.That((string?)created["tier"], Is.EqualTo("small"));
            Assert.That((string?)created["status"], Is.EqualTo("running"));
        });
    }

    [Test]
    public async Task Status_prints_the_fields_and_json_parses_back()
    {
        var sandbox = await RunningSandboxAsync();
        var text = await RunOkAsync("sandbox", "status", sandbox.Id);
        var json = await RunJsonAsync("sandbox", "status", sandbox.Id);
        Assert.Multiple(() =>
        {
            Assert.That(text.Stdout, Does.Match(@"ID:\s+" + sandbox.Id));
            Assert.That(text.Stdout, Does.Match(@"Status:\s+running"));
            Assert.That(text.Stdout, Does.Match(@"Billing:\s+credits"));
            Assert.That(text.Stdout, Does.Match(@"Rate:\s+0\.50 sats/sec"));
            Assert.That((string?)json["sandbox_id"], Is.EqualTo(sandbox.Id));
            Assert.That((string?)json["status"], Is.EqualTo("running"));
            Assert.That(json["raw_json"], Is.Null, "the raw response is not repeated");
        });
    }

    [Test]
    public async Task Pause_refuses_exec_and_resume_allows_it_again()
    {
        var sandbox = await RunningSandboxAsync();
        var paused = await RunOkAsync("sandbox", "pause", sandbox.Id);
        var refused = await RunAsync("exec", sandbox.Id, "echo", "hi");
        var resumed = await RunJsonAsync("sandbox", "resume", sandbox.Id);
        var ran = await RunOkAsync("exec", sandbox.Id, "echo", "hi");
        Assert.Multiple(() =>
        {
            Assert.That(paused.Stdout, Is.EqualTo($"Sandbox {sandbox.Id} paused\n"));
            Assert.That(refused.ExitCode, Is.EqualTo(1));
            Assert.That(refused.Stderr, Is.EqualTo($"Error: sandbox {sandbox.Id} is paused; run: sockt sandbox resume {sandbox.Id}\n"));
            Assert.That((string?)resumed["status"], Is.EqualTo("running"));
            Assert.That(ran.Stdout, Is.EqualTo("hi\n"));
        });
    }

    [Test]
    public async Task Terminate_ends_the_sandbox_and_exec_is_refused_afterwards()
    {
        var sandbox = await RunningSandboxAsync();
        var terminated = await RunOkAsync("sandbox", "terminate", sandbox.Id);
        var refused = await RunAsync("files", "ls", sandbox.Id);
        Assert.Multiple(() =>
        {
            Assert.That(terminated.Stdout, Is.EqualTo($"Sandbox {sandbox.Id} terminated\n"));
            Assert.That(refused.ExitCode, Is.EqualTo(1));
            Assert.That(refused.Stderr, Does.Contain("terminated"));
        });
    }

    [Test]
    public async Task Terminate_json_is_the_termination_result()
    {
        var sandbox = await RunningSandboxAsync();
        var result = await RunJsonAsync("sandbox", "terminate", sandbox.Id);
        Assert.Multiple(() =>
        {
            Assert.That((string?)result["sandbox_id"], Is.EqualTo(sandbox.Id));
            Assert.That((string?)result["status"], Is.EqualTo("terminated"));
            Assert.That(result["refund"], Is.InstanceOf<JObject>());
        });
    }
}
