using Sockt.EndToEnd.Infrastructure;
using Sockt.Emulator;

namespace Sockt.EndToEnd;

/// <summary>Each exception type, produced by a real response of the emulator (fault injection where the error is the service's).</summary>
public class ErrorTests : EmulatorTestBase
{
    private Sandbox _sandbox = null!;

    protected override void Configure(SocktEmulatorOptions options) => options.MaxConcurrentExecutions = 2;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => _sandbox = await RunningSandboxAsync();

    [TearDown]
    public void ClearFaults() => Emulator.ClearFaults();

    [Test]
    public async Task Wrong_api_key_is_401_AuthenticationException()
    {
        using var stranger = NewClient("sockt_live_wrong-key");

        var error = await Assert.ThrowsAsync<AuthenticationException>(async () => await stranger.CreateSandboxAsync("nano"));

        Assert.That(error!.StatusCode, Is.EqualTo(401));
        Assert.That(error.Message, Does.Not.Contain("sockt_live_wrong-key"));
    }

    [Test]
    public async Task Another_accounts_sandbox_and_execution_are_403_AuthenticationException()
    {
        var execution = await _sandbox.StartExecAsync("echo mine");
        using var other = NewClient(OtherApiKey);
        var otherSandbox = await RunningSandboxAsync(other);

        var sandboxError = await Assert.ThrowsAsync<AuthenticationException>(async () => await other.GetSandboxAsync(_sandbox.Id));
        var executionError = await Assert.ThrowsAsync<AuthenticationException>(async () => await otherSandbox.GetExecutionResultAsync(execution.ExecutionId));

        Assert.That(sandboxError!.StatusCode, Is.EqualTo(403));
        Assert.That(executionError!.StatusCode, Is.EqualTo(403));
        await otherSandbox.TerminateAsync();
    }

    [Test]
    public async Task Unknown_sandbox_is_404_NotFoundException()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(async () => await Client.GetSandboxAsync("sb_000000000000"));

        Assert.That(error!.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Too_many_concurrent_executions_is_429_RateLimitedException()
    {
        var first = await _sandbox.StartExecAsync("sleep 60");
        var second = await _sandbox.StartExecAsync("sleep 60");
        try
        {
            var error = await Assert.ThrowsAsync<RateLimitedException>(async () => await _sandbox.StartExecAsync("echo third"));

            Assert.That(error!.StatusCode, Is.EqualTo(429));
            Assert.That(error.IsTooManyExecutions, Is.True);
        }
        finally
        {
            await first.CancelAsync();
            await second.CancelAsync();
        }

        // Cancelling frees the slots.
        await Poll.UntilAsync(() => second.GetResultAsync(), r => r.IsTerminal, "the cancelled execution to end");
        Assert.That((await _sandbox.ExecAsync("echo free-again")).Stdout, Is.EqualTo("free-again\n"));
    }

    [Test]
    public async Task Plain_text_502_from_the_gateway_is_HostUnreachableException()
    {
        Emulator.InjectFault(new EmulatorFault { Route = "GET /v1/sandboxes/*", Status = 502, Code = "bad_gateway", PlainText = true });

        var error = await Assert.ThrowsAsync<HostUnreachableException>(async () => await _sandbox.RefreshStatusAsync());

        Assert.That(error!.StatusCode, Is.EqualTo(502));
    }

    [Test]
    public async Task Other_503_is_HostUnreachableException()
    {
        Emulator.InjectFault(new EmulatorFault { Route = "POST /v1/sandboxes/*/files/read", Status = 503, Code = "pod_unreachable" });

        var error = await Assert.ThrowsAsync<HostUnreachableException>(async () => await _sandbox.ReadFileAsync(".profile"));

        Assert.That(error!.StatusCode, Is.EqualTo(503));
        Assert.That(error.Slug, Is.EqualTo("pod_unreachable"));
    }

    [Test]
    public async Task Pod_starting_is_retried_transparently_then_succeeds()
    {
        Emulator.InjectFault(new EmulatorFault { Route = "POST /v1/sandboxes/*/exec", Status = 503, Code = "pod_starting", Times = 3 });

        var result = await _sandbox.ExecAsync("echo after-retries");

        Assert.That(result.Stdout, Is.EqualTo("after-retries\n"));
    }

    [Test]
    public async Task Pod_starting_beyond_the_retries_is_HostUnreachableException()
    {
        Emulator.InjectFault(new EmulatorFault { Route = "POST /v1/sandboxes/*/exec", Status = 503, Code = "pod_starting", Times = 4 });

        var error = await Assert.ThrowsAsync<HostUnreachableException>(async () => await _sandbox.StartExecAsync("echo never"));

        Assert.That(error!.Slug, Is.EqualTo("pod_starting"));
    }

    [Test]
    public async Task No_capacity_is_NoCapacityException()
    {
        Emulator.InjectFault(new EmulatorFault { Route = "POST /v1/sandboxes", Status = 503, Code = "no_capacity" });

        var error = await Assert.ThrowsAsync<NoCapacityException>(async () => await Client.CreateSandboxAsync("gpu-small"));

        Assert.That(error!.StatusCode, Is.EqualTo(503));
        Assert.That(error, Is.InstanceOf<SocktException>());
    }
}
