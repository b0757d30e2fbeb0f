using System.Globalization;
using System.Text.RegularExpressions;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Dashboard;

/// <summary>
/// The balance on a sandbox's card agrees with its seconds left, as the status reports them: a credits sandbox's
/// running time is paid from its allocation and then from the owner's account, so its card shows both and their sum,
/// from which <c>seconds_remaining</c> is computed. Its own emulator, so that no other test spends from the account.
/// </summary>
internal sealed partial class DashboardBalanceTests : EmulatorTestBase
{
    private DashboardHttp http = null!;
    private string cookie = null!;

    [OneTimeSetUp]
    public async Task SignInAsync()
    {
        http = new DashboardHttp(Emulator.BaseUrl);
        cookie = await http.SignInAsync(Admin);
    }

    [OneTimeTearDown]
    public void DisposeClient() => http?.Dispose();

    [Test]
    public async Task A_credits_sandbox_shows_its_allocation_the_account_and_the_balance_its_seconds_left_come_from()
    {
        var set = await Api.PostAsync("/_emulator/credits", Admin, new { api_key = Key, cents = 5000 });
        Assert.That(set.Code, Is.EqualTo(200), set.ToString());
        var nano = (await Api.GetAsync("/v1/sandboxes/tiers"))["tiers"].AsArray().Single(tier => tier!["tier"]!.GetValue<string>() == "nano")!;
        var centsPerSecond = nano["usd_cents_per_second"]!.GetValue<double>();

        var first = await Api.CreateCreditsSandboxAsync(Key, "nano", initialCents: 100);
        var second = await Api.CreateCreditsSandboxAsync(Key, "nano", initialCents: 200);

        var list = (await http.GetAsync("/dashboard/sandboxes", cookie)).Text;
        foreach (var (id, allocation) in new[] { (first, "$1.0000"), (second, "$2.0000") })
        {
            var card = Card(list, id);
            var status = await Api.GetAsync($"/v1/sandboxes/{id}", Key);
            var secondsRemaining = status.Long("seconds_remaining");
            Assert.Multiple(() =>
            {
                Assert.That(Field(card, "allocation"), Is.EqualTo(allocation), card);
                Assert.That(Field(card, "account"), Is.EqualTo("$47.0000"), "the account, shared by both, after both allocations: " + card);
                Assert.That(Field(card, "balance"), Is.EqualTo(Dollars(Cents(allocation) + 4700)), card);
                Assert.That(Field(card, "remaining"), Is.EqualTo(secondsRemaining.ToString("#,0", CultureInfo.InvariantCulture) + " s"), "the status's seconds_remaining: " + card);
                Assert.That(secondsRemaining, Is.EqualTo((long)Math.Floor(Cents(Field(card, "balance")) / centsPerSecond)), "seconds left are what the balance shown pays for: " + card);
                Assert.That(status.Json?["prepaid_balance_msats"], Is.Null, "the status has no balance field for credits");
            });
        }
    }

    [Test]
    public async Task A_lightning_sandbox_shows_its_balance_in_sats_and_no_credits()
    {
        var sandbox = await Api.CreateLightningSandboxAsync("nano", prepaidSats: 1000);
        Assert.That((await Api.PostAsync($"/_emulator/invoices/{sandbox.PaymentHash}/pay", Admin)).Code, Is.EqualTo(200));
        var status = await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");

        var card = Card((await http.GetAsync("/dashboard/sandboxes", cookie)).Text, sandbox.Id);

        Assert.Multiple(() =>
        {
            Assert.That(Field(card, "balance"), Is.EqualTo((status.Long("prepaid_balance_msats") / 1000.0).ToString("#,0.###", CultureInfo.InvariantCulture) + " sats"), card);
            Assert.That(Field(card, "remaining"), Is.EqualTo(status.Long("seconds_remaining").ToString("#,0", CultureInfo.InvariantCulture) + " s"), card);
            Assert.That(card, Does.Not.Contain("class=\"allocation\"").And.Not.Contain("class=\"account\""));
        });
    }

    private static string Card(string list, string id)
    {
        var start = list.IndexOf($"id=\"sandbox-{id}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"{id} on the dashboard: {list}");
        return list[start..list.IndexOf("</article>", start, StringComparison.Ordinal)];
    }

    private static string Field(string card, string name)
    {
        var match = FieldPattern().Matches(card).FirstOrDefault(m => m.Groups["name"].Value == name);
        Assert.That(match, Is.Not.Null, $"a {name} field: {card}");
        return match!.Groups["value"].Value;
    }

    private static double Cents(string dollars) => double.Parse(dollars.TrimStart('$'), NumberStyles.Number, CultureInfo.InvariantCulture) * 100;

    private static string Dollars(double cents) => "$" + (cents / 100).ToString("#,0.0000", CultureInfo.InvariantCulture);

    [GeneratedRegex("<dd class=\"(?<name>[a-z]+)\"[^>]*>(?<value>[^<]*)</dd>")]
    private static partial Regex FieldPattern();
}
