using Sockt.EndToEnd.Infrastructure;
using Sockt.Emulator;

namespace Sockt.EndToEnd;

/// <summary>WaitUntilRunningAsync against a sandbox that takes a while to boot, and its data-plane probe.</summary>
public class BootTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.BootDelay = TimeSpan.FromSeconds(1.5);

    [TearDown]
    public void ClearFaults() => Emulator.ClearFaults();

    [Test]
    public async Task WaitUntilRunningAsync_waits_through_the_boot()
    {
        var sandbox = await Client.CreateSandboxAsync("nano");
        Assert.That(sandbox.Status, Is.Not.EqualTo(SandboxState.Running), "just created, still booting");

        await sandbox.WaitUntilRunningAsync();

        Assert.That(sandbox.Status, Is.EqualTo(SandboxState.Running));
        Assert.That((await sandbox.ExecAsync("echo booted")).Stdout, Is.EqualTo("booted\n"));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task WaitUntilRunningAsync_gives_up_at_its_timeout()
    {
        var sandbox = await Client.CreateSandboxAsync("nano");

        var error = await Assert.ThrowsAsync<SandboxNotRunningException>(async () => await sandbox.WaitUntilRunningAsync(timeout: TimeSpan.FromMilliseconds(100)));

        Assert.That(error!.LastStatus, Is.Not.EqualTo(SandboxState.Running));
        await sandbox.TerminateAsync();
    }

    [Test]
    public async Task WaitUntilRunningAsync_also_waits_for_the_data_plane_to_answer()
    {
        // The control plane says running, but the first two file listings (the probe) find the pod unreachable.
        Emulator.InjectFault(new EmulatorFault { Route = "GET /v1/sandboxes/*/files", Status = 400, Code = "pod_unreachable", Times = 2 });
        var sandbox = await Client.CreateSandboxAsync("nano");

        await sandbox.WaitUntilRunningAsync();

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Emulator.AdminKey);
        var faults = await http.GetStringAsync(new Uri(Emulator.BaseUrl, "/_emulator/faults"));
        Assert.That(faults, Does.Not.Contain("pod_unreachable"), "the probe used up both faults before returning");
        Assert.That((await sandbox.ListFilesAsync()).Select(e => e.Name), Does.Contain(".profile"));
        await sandbox.TerminateAsync();
    }
}
