using Sockt.EndToEnd.Infrastructure;
using Sockt.Emulator;

namespace Sockt.EndToEnd;

/// <summary>The request rate limit (429, plain text, Retry-After), on an emulator configured with a tiny limit.</summary>
public class RateLimitTests : EmulatorTestBase
{
    private const int Limit = 5;

    protected override void Configure(SocktEmulatorOptions options) => options.RateLimitPerMinute = Limit;

    [Test]
    public async Task Requests_beyond_the_limit_are_RateLimitedException_with_retry_after()
    {
        // No budget, and no retry: the emulator's window is a minute, so its Retry-After is beyond a 1 s cap.
        var options = Options();
        options.RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 0, MaxRetryAfter = TimeSpan.FromSeconds(1) };
        using var client = new ComputeClient(options);
        RateLimitedException? error = null;
        for (var request = 0; request <= Limit && error is null; request++)
        {
            try
            {
                await client.ListTiersAsync();
            }
            catch (RateLimitedException e)
            {
                error = e;
            }
        }

        Assert.That(error, Is.Not.Null, $"request {Limit + 1} within a minute must be refused");
        Assert.That(error!.StatusCode, Is.EqualTo(429));
        Assert.That(error.IsTooManyExecutions, Is.False);
        Assert.That(error.RetryAfter, Is.GreaterThan(TimeSpan.FromSeconds(1)));

        // The limit is per credential: another account is not affected.
        using var other = NewClient(OtherApiKey);
        Assert.That(await other.ListTiersAsync(), Is.Not.Empty);
    }
}
