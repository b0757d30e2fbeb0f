using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Dashboard;

/// <summary>The dashboard's sign-in: the admin key once, then a session cookie that is not the key.</summary>
internal sealed class DashboardSignInTests : EmulatorTestBase
{
    private DashboardHttp http = null!;

    [OneTimeSetUp]
    public void CreateClient() => http = new DashboardHttp(Emulator.BaseUrl);

    [OneTimeTearDown]
    public void DisposeClient() => http?.Dispose();

    [Test]
    public async Task Without_a_session_the_root_shows_only_the_sign_in_form()
    {
        var id = await NewSandboxAsync();

        var page = await http.GetAsync("/");

        Assert.That((page.Code, page.MediaType), Is.EqualTo((200, "text/html")));
        Assert.That(page.Text, Does.Contain("action=\"/dashboard/login\""));
        Assert.That(page.Text, Does.Not.Contain(id).And.Not.Contain(Key).And.Not.Contain(Admin).And.Not.Contain("csrf"));
    }

    [TestCase("GET", "/dashboard/sandboxes")]
    [TestCase("GET", "/dashboard/sandboxes/sb_x/invoice.svg")]
    [TestCase("POST", "/dashboard/sandboxes/sb_x/pause")]
    [TestCase("POST", "/dashboard/logout")]
    public async Task Dashboard_routes_need_a_session(string method, string path)
    {
        var bogus = "bm90LWEtc2Vzc2lvbg";
        foreach (var cookie in new string?[] { null, bogus, Admin })
        {
            var response = method == "GET" ? await http.GetAsync(path, cookie) : await http.PostAsync(path, cookie, http.OwnOrigin, "csrf=x");

            Assert.That((response.Code, response.ErrorCode, response.IsEnvelope), Is.EqualTo((401, "unauthorized", true)), response.ToString());
        }
    }

    [Test]
    public async Task Signing_in_sets_an_http_only_same_site_strict_cookie_that_is_not_the_key()
    {
        var response = await http.PostFormAsync("/dashboard/login", null, http.OwnOrigin, new Dictionary<string, string> { ["admin_key"] = Admin });

        Assert.That((response.Code, response.Location), Is.EqualTo((303, "/")));
        var line = response.SessionCookieLine!;
        var attributes = line.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.That(attributes, Does.Contain("httponly").And.Contain("samesite=strict").And.Contain("path=/"));
        Assert.That(line, Does.Not.Contain(Admin).And.Not.Contain(Key));
        Assert.That(response.SessionCookie!.Length, Is.GreaterThanOrEqualTo(40), "a random id, not something short");

        var page = await http.GetAsync("/", response.SessionCookie);
        Assert.That(page.Code, Is.EqualTo(200));
        Assert.That(page.Text, Does.Contain("id=\"sandboxes\"").And.Not.Contain(Admin).And.Not.Contain(Key));
    }

    [Test]
    public async Task Each_sign_in_gets_its_own_session()
    {
        var first = await http.SignInAsync(Admin);
        var second = await http.SignInAsync(Admin);

        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That((await http.GetAsync("/dashboard/sandboxes", first)).Code, Is.EqualTo(200));
        Assert.That((await http.GetAsync("/dashboard/sandboxes", second)).Code, Is.EqualTo(200));
    }

    [Test]
    public async Task A_wrong_key_gets_401_and_no_cookie()
    {
        foreach (var key in new[] { "wrong", Key, Admin + "x", "" })
        {
            var response = await http.PostFormAsync("/dashboard/login", null, http.OwnOrigin, new Dictionary<string, string> { ["admin_key"] = key });

            Assert.That(response.Code, Is.EqualTo(401), response.ToString());
            Assert.That(response.SetCookies, Is.Empty);
            Assert.That(response.Text, Does.Contain("That is not this emulator").And.Not.Contain(Admin));
        }
    }

    [TestCase(null)]
    [TestCase("https://attacker.example")]
    [TestCase("http://localhost:1")]
    [TestCase("null")]
    public async Task Signing_in_needs_the_emulators_own_origin(string? origin)
    {
        var response = await http.PostFormAsync("/dashboard/login", null, origin, new Dictionary<string, string> { ["admin_key"] = Admin });

        Assert.That((response.Code, response.ErrorCode, response.IsEnvelope), Is.EqualTo((403, "forbidden", true)), response.ToString());
        Assert.That(response.SetCookies, Is.Empty);
    }

    [Test]
    public async Task Signing_out_ends_the_session()
    {
        var cookie = await http.SignInAsync(Admin);
        var csrf = await http.CsrfTokenAsync(cookie);

        var response = await http.PostFormAsync("/dashboard/logout", cookie, http.OwnOrigin, new Dictionary<string, string> { ["csrf"] = csrf });

        Assert.That((response.Code, response.Location), Is.EqualTo((303, "/")));
        Assert.That(response.SessionCookieLine, Does.Contain("expires="), "the browser drops the cookie");
        Assert.That((await http.GetAsync("/dashboard/sandboxes", cookie)).Code, Is.EqualTo(401));
    }

    [Test]
    public async Task The_scripts_are_served_without_a_session()
    {
        foreach (var file in new[] { "dashboard.js", "dashboard.css", "sockt-terminal.js", "xterm.js", "xterm.css", "addon-fit.js", "xterm.LICENSE.txt", "addon-fit.LICENSE.txt" })
        {
            var response = await http.GetAsync("/dashboard/static/" + file);

            Assert.That(response.Code, Is.EqualTo(200), file);
            Assert.That(response.Text, Is.Not.Empty, file);
        }

        var missing = await http.GetAsync("/dashboard/static/..%2fSockt.Emulator.dll");
        Assert.That((missing.Code, missing.IsEnvelope), Is.EqualTo((404, true)));
    }
}
