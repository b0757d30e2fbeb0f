using Sockt.Emulator;

namespace Sockt.EndToEnd.Infrastructure;

/// <summary>
/// One emulator per fixture (<see cref="EmulatorFixture"/>: in-process, sandboxes boot at once, billing time only
/// passes through <see cref="SocktEmulator.AdvanceClockAsync"/>) with two accounts, and an SDK client pointed at it.
/// </summary>
public abstract class EmulatorTestBase : EmulatorFixture
{
    /// <summary>A second account, for calls that must be refused as "somebody else's".</summary>
    protected const string OtherApiKey = "sockt_live_e2e-other-account";

    protected const string PrimaryApiKey = "sockt_live_e2e-primary-account";

    /// <summary>The emulator's rate limit in this suite, and the clients' request budget to match.</summary>
    protected const int EmulatorRequestsPerMinute = 100_000;

    protected ComputeClient Client { get; private set; } = null!;

    // Runs after EmulatorFixture's (NUnit runs a base class's one-time setup first, and its teardown last).
    [OneTimeSetUp]
    public void CreateSdkClient() => Client = NewClient();

    [OneTimeTearDown]
    public void DisposeSdkClient() => Client?.Dispose();

    protected override void ConfigureSuite(SocktEmulatorOptions options)
    {
        // The suite polls with deadlines; a slow machine must not turn that into 429s. RateLimitTests sets its own.
        options.RateLimitPerMinute = EmulatorRequestsPerMinute;
        options.ApiKeys.Add(PrimaryApiKey);
        options.ApiKeys.Add(OtherApiKey);
    }

    /// <summary>Options for a client of this fixture's emulator: short poll intervals, fast pod-starting retries.</summary>
    protected ComputeClientOptions Options(string? apiKey = PrimaryApiKey, string? sandboxToken = null) => new()
    {
        BaseUrl = Emulator.BaseUrl,
        ApiKey = apiKey,
        SandboxToken = sandboxToken,
        ExecPollInterval = TimeSpan.FromMilliseconds(50),
        WaitPollInterval = TimeSpan.FromMilliseconds(50),
        WaitTimeout = TimeSpan.FromSeconds(30),
        PodStartingRetry = new PodStartingRetryOptions { MaxRetries = 3, Delay = TimeSpan.FromMilliseconds(50) },
        RequestBudget = new RequestBudgetOptions { RequestsPerMinute = EmulatorRequestsPerMinute, Burst = EmulatorRequestsPerMinute / 100 },
    };

    protected ComputeClient NewClient(string? apiKey = PrimaryApiKey, string? sandboxToken = null) => new(Options(apiKey, sandboxToken));

    /// <summary>A running credits sandbox of the primary account.</summary>
    protected async Task<Sandbox> RunningSandboxAsync(ComputeClient? client = null, int? initialCreditsCents = null)
    {
        var sandbox = await (client ?? Client).CreateSandboxAsync("nano", BillingMethod.Credits, initialCreditsCents: initialCreditsCents, label: TestContext.CurrentContext.Test.Name);
        await sandbox.WaitUntilRunningAsync();
        return sandbox;
    }

    /// <summary>A Lightning sandbox whose creation invoice the emulator paid, running.</summary>
    protected async Task<Sandbox> RunningLightningSandboxAsync(long prepaidSats = 1000)
    {
        var sandbox = await Client.CreateSandboxAsync("nano", BillingMethod.Lightning, prepaidSats: prepaidSats);
        await Emulator.PayInvoiceAsync(sandbox.PendingInvoice!.PaymentHash!);
        await sandbox.WaitUntilRunningAsync();
        return sandbox;
    }
}
