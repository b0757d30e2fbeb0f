using Sockt.Emulator;

namespace Sockt.AI.Tests.Infrastructure;

/// <summary>
/// One emulator per fixture (<see cref="EmulatorFixture"/>: in-process, booting sandboxes at once and billing time
/// only when a test advances the clock) with this suite's account, and a client pointed at it.
/// </summary>
public abstract class AgentEmulatorFixture : EmulatorFixture
{
    protected const string ApiKey = "sockt_live_ai-tests-account";

    protected ComputeClient Client { get; private set; } = null!;

    // Runs after EmulatorFixture's (NUnit runs a base class's one-time setup first, and its teardown last).
    [OneTimeSetUp]
    public void CreateSdkClient() => Client = new ComputeClient(ClientOptions());

    [OneTimeTearDown]
    public void DisposeSdkClient() => Client?.Dispose();

    protected override void ConfigureSuite(SocktEmulatorOptions options)
    {
        options.RateLimitPerMinute = 100_000;
        options.ApiKeys.Add(ApiKey);
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
