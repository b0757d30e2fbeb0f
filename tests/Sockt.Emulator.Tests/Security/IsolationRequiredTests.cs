using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Security;

/// <summary>The emulator never runs sandboxes unisolated unless told to.</summary>
internal sealed class IsolationRequiredTests
{
    [TestCase(IsolationMode.Auto)]
    [TestCase(IsolationMode.Bwrap)]
    public async Task Without_working_bubblewrap_the_start_is_refused_with_the_way_out(IsolationMode mode)
    {
        var options = new SocktEmulatorOptions { Isolation = mode, BubblewrapPath = "/nonexistent/bwrap" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SocktEmulator.StartAsync(options));

        Assert.That(error!.Message, Does.Contain("cannot be isolated").And.Contain("--isolation none").And.Contain("bubblewrap"));
    }

    [Test]
    public async Task Isolation_none_must_be_chosen_and_then_starts_unisolated()
    {
        await using var emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { Isolation = IsolationMode.None, BubblewrapPath = "/nonexistent/bwrap", BootDelay = TimeSpan.Zero });
        using var api = new EmulatorApi(emulator.BaseUrl);
        var id = await api.CreateCreditsSandboxAsync(emulator.ApiKey);

        var outcome = await api.RunAsync(id, emulator.ApiKey, "echo $HOME");

        Assert.That(emulator.Isolation, Is.EqualTo(IsolationMode.None));
        Assert.That(outcome.Stdout, Is.EqualTo(Path.Combine(emulator.DataDirectory, "sandboxes", id, "home") + "\n"));
    }
}
