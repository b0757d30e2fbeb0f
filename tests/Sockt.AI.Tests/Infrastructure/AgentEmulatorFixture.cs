using Sockt.Emulator;

namespace Sockt.AI.Tests.Infrastructure;

/// <summary>
/// One emulator per fixture (in-process, 127.0.0.1), booting sandboxes at once and billing time only when a test
/// advances the clock, and a client pointed at it.
/// </summary>
public abstract class AgentEmulatorFixture
{
    protected const string ApiKey = "sockt_live_ai-tests-account";

    protected SocktEmulator Emulator { get; private set; } = null!;

    protected ComputeClient Client { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartEmulatorAsync()
    {
        var options = new SocktEmulatorOptions
        {
            BootDelay = TimeSpan.Zero,
            MeterRealTime = false,
            RateLimitPerMinute = 100_000,
            Isolation = Enum.Parse<IsolationMode>(Environment.GetEnvironmentVariable("SOCKT_EMULATOR_ISOLATION") ?? "auto", ignoreCase: true),
        };
        options.ApiKeys.Add(ApiKey);
        Emulator = await SocktEmulator.StartAsync(options);
        Client = new ComputeClient(ClientOptions());
    }

    [OneTimeTearDown]
    public async Task StopEmulatorAsync()
    {
        Client?.Dispose();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }

    protected ComputeClientOptions ClientOptions() => new()
    {
        BaseUrl = Emulator.BaseUrl,
        ApiKey = ApiKey,
        ExecPollInterval = TimeSpan.FromMilliseconds(50),
        WaitPollInterval = TimeSpan.FromMilliseconds(50),
        WaitTimeout = TimeSpan.FromSeconds(30),
        // The client's budget follows the emulator's limit above (the default budget is the hosted service's 300/min).
        RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 100_000, Burst = 1_000 },
    };

    /// <summary>The state the emulator reports for a sandbox, read through the public API.</summary>
    protected async Task<string?> StateOfAsync(string sandboxId)
    {
        var sandbox = await Client.GetSandboxAsync(sandboxId);
        return (await sandbox.RefreshStatusAsync()).Status?.ToString();
    }
}
