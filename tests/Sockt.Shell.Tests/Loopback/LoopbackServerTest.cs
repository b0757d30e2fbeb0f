namespace Sockt.Shell.Tests.Loopback;

/// <summary>A fresh <see cref="LoopbackShellServer"/> for every test.</summary>
public abstract class LoopbackServerTest
{
    /// <summary>The test's server.</summary>
    private protected LoopbackShellServer Server { get; private set; } = null!;

    [SetUp]
    public async Task StartServer() => Server = await LoopbackShellServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await Server.DisposeAsync();
}
