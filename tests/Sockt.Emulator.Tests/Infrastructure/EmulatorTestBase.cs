namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>
/// One emulator per test class (<see cref="EmulatorFixture"/>: boot delay 0, clock advanced by hand) without a rate
/// limit, and a raw HTTP client of it: these tests speak the wire themselves, never through the SDK.
/// </summary>
internal abstract class EmulatorTestBase : EmulatorFixture
{
    protected EmulatorApi Api { get; private set; } = null!;

    protected string Key => Emulator.ApiKey;

    /// <summary>The admin API's key (<c>/_emulator/*</c>).</summary>
    protected string Admin => Emulator.AdminKey;

    // Runs after EmulatorFixture's (NUnit runs a base class's one-time setup first, and its teardown last).
    [OneTimeSetUp]
    public void CreateApi() => Api = new EmulatorApi(Emulator.BaseUrl);

    [OneTimeTearDown]
    public void DisposeApi() => Api?.Dispose();

    protected override void ConfigureSuite(SocktEmulatorOptions options) => options.RateLimitPerMinute = 0;

    protected async Task<string> NewSandboxAsync(string tier = "nano") => await Api.CreateCreditsSandboxAsync(Key, tier);
}
