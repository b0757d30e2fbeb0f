namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>One emulator per test class (boot delay 0, clock advanced by hand), torn down after the class.</summary>
internal abstract class EmulatorTestBase
{
    protected SocktEmulator Emulator { get; private set; } = null!;

    protected EmulatorApi Api { get; private set; } = null!;

    protected string Key => Emulator.ApiKey;

    /// <summary>The admin API's key (<c>/_emulator/*</c>).</summary>
    protected string Admin => Emulator.AdminKey;

    [OneTimeSetUp]
    public async Task StartEmulatorAsync()
    {
        var options = new SocktEmulatorOptions
        {
            BootDelay = TimeSpan.Zero,
            MeterRealTime = false,
            RateLimitPerMinute = 0,
            // SOCKT_EMULATOR_ISOLATION=none runs the suite the way machines without bubblewrap see it.
            Isolation = Enum.Parse<IsolationMode>(Environment.GetEnvironmentVariable("SOCKT_EMULATOR_ISOLATION") ?? "auto", ignoreCase: true),
        };
        Configure(options);
        Emulator = await SocktEmulator.StartAsync(options);
        Api = new EmulatorApi(Emulator.BaseUrl);
    }

    [OneTimeTearDown]
    public async Task StopEmulatorAsync()
    {
        Api?.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }

    /// <summary>Adjusts the options of this class's emulator.</summary>
    protected virtual void Configure(SocktEmulatorOptions options)
    {
    }

    protected async Task<string> NewSandboxAsync(string tier = "nano") => await Api.CreateCreditsSandboxAsync(Key, tier);
}
