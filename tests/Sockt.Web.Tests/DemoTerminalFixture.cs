namespace Sockt.Web.Tests;

/// <summary>
/// Base of the fixtures that talk to the terminal endpoint from code: one <see cref="TerminalTestServer"/> (the emulator,
/// a nano sandbox for the user <c>demo</c>, the app) for all of a fixture's tests.
/// </summary>
public abstract class DemoTerminalFixture
{
    private TerminalTestServer? _server;

    /// <summary>The running server; set before the first test.</summary>
    private protected TerminalTestServer Server => _server ?? throw new InvalidOperationException("the fixture has not started");

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await TerminalTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
