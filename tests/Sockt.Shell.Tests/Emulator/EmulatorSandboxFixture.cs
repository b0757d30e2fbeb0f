using Sockt.Emulator;

namespace Sockt.Shell.Tests.Emulator;

/// <summary>One in-process emulator and one running sandbox per fixture, for tests against the real PTY.</summary>
public abstract class EmulatorSandboxFixture
{
    /// <summary>The fixture's emulator.</summary>
    protected SocktEmulator Emulator { get; private set; } = null!;

    /// <summary>The fixture's running sandbox.</summary>
    protected EmulatorSandbox Sandbox { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartEmulator()
    {
        Emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.Zero, RateLimitPerMinute = 0 });
        Sandbox = await EmulatorSandbox.CreateAsync(Emulator);
    }

    [OneTimeTearDown]
    public async Task StopEmulator()
    {
        Sandbox.Dispose();
        await Emulator.DisposeAsync();
    }
}
