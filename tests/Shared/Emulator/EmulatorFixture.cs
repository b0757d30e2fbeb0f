using Sockt.Emulator;

namespace Sockt.Testing;

/// <summary>
/// One emulator per fixture, in-process on 127.0.0.1, started before its first test and disposed after its last:
/// sandboxes boot at once, billing time only passes through <see cref="SocktEmulator.AdvanceClockAsync"/>, and
/// <c>SOCKT_EMULATOR_ISOLATION=none</c> runs a suite as a machine without bubblewrap would. Shared as a linked file by
/// the test projects that run the emulator (each has its own base class on top of it, with its own client).
/// </summary>
public abstract class EmulatorFixture
{
    protected SocktEmulator Emulator { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartEmulatorAsync()
    {
        var options = new SocktEmulatorOptions
        {
            BootDelay = TimeSpan.Zero,
            MeterRealTime = false,
            Isolation = Enum.Parse<IsolationMode>(Environment.GetEnvironmentVariable("SOCKT_EMULATOR_ISOLATION") ?? "auto", ignoreCase: true),
        };
        ConfigureSuite(options);
        Configure(options);
        Emulator = await SocktEmulator.StartAsync(options);
    }

    [OneTimeTearDown]
    public async Task StopEmulatorAsync()
    {
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }

    /// <summary>The test project's settings for every emulator it starts (its base class); applied before <see cref="Configure"/>.</summary>
    protected abstract void ConfigureSuite(SocktEmulatorOptions options);

    /// <summary>Adjusts the emulator of this fixture before it starts.</summary>
    protected virtual void Configure(SocktEmulatorOptions options)
    {
    }
}
