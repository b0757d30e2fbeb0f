using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Dashboard;

/// <summary>Behind a proxy (<see cref="SocktEmulatorOptions.PublicUrl"/>) the dashboard's page has the public origin, and only that one joins the emulator's own.</summary>
internal sealed class DashboardPublicUrlTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.PublicUrl = new Uri("https://sockt.example/");

    [TestCase("https://sockt.example", 303)]
    [TestCase("http://sockt.example", 403)]
    [TestCase("https://sockt.example:8443", 403)]
    public async Task The_public_origin_may_sign_in(string origin, int expected)
    {
        using var http = new DashboardHttp(Emulator.BaseUrl);

        var response = await http.PostFormAsync("/dashboard/login", null, origin, new Dictionary<string, string> { ["admin_key"] = Admin });

        Assert.That(response.Code, Is.EqualTo(expected), response.ToString());
        Assert.That(response.SessionCookie is not null, Is.EqualTo(expected == 303));
    }
}
