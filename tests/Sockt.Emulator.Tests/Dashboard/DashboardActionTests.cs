using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Dashboard;

/// <summary>The dashboard's buttons: what they do, and the forged or broken posts they refuse (each with the envelope).</summary>
internal sealed class DashboardActionTests : EmulatorTestBase
{
    private DashboardHttp http = null!;
    private string cookie = null!;
    private string csrf = null!;

    [OneTimeSetUp]
    public async Task SignInAsync()
    {
        http = new DashboardHttp(Emulator.BaseUrl);
        cookie = await http.SignInAsync(Admin);
        csrf = await http.CsrfTokenAsync(cookie);
    }

    [OneTimeTearDown]
    public void DisposeClient() => http?.Dispose();

    [Test]
    public async Task Pause_resume_and_terminate_change_the_state()
    {
        var id = await NewSandboxAsync();

        Assert.That((await ActAsync(id, "pause")).Code, Is.EqualTo(303));
        Assert.That(await StatusAsync(id), Is.EqualTo("paused"));
        Assert.That((await ActAsync(id, "resume")).Code, Is.EqualTo(303));
        Assert.That(await StatusAsync(id), Is.EqualTo("running"));
        Assert.That((await ActAsync(id, "terminate")).Code, Is.EqualTo(303));
        Assert.That(await StatusAsync(id), Is.EqualTo("terminated"));
        Assert.That((await http.GetAsync("/dashboard/sandboxes", cookie)).Text, Does.Not.Contain(id), "a terminated sandbox leaves the list");
    }

    [Test]
    public async Task Pay_starts_a_lightning_sandbox_and_its_qr_code_goes_away()
    {
        var sandbox = await Api.CreateLightningSandboxAsync();
        var qr = await http.GetAsync($"/dashboard/sandboxes/{sandbox.Id}/invoice.svg", cookie);
        Assert.That((qr.Code, qr.MediaType), Is.EqualTo((200, "image/svg+xml")));
        Assert.That(qr.Text, Does.Contain("<svg"));
        var list = await http.GetAsync("/dashboard/sandboxes", cookie);
        Assert.That(list.Text, Does.Contain($"data-sandbox-id=\"{sandbox.Id}\" data-state=\"awaiting_payment\"").And.Contain(sandbox.Invoice).And.Not.Contain(sandbox.Token));

        Assert.That((await ActAsync(sandbox.Id, "pay")).Code, Is.EqualTo(303));

        await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");
        var paid = await ActAsync(sandbox.Id, "pay");
        Assert.That((paid.Code, paid.ErrorCode, paid.IsEnvelope), Is.EqualTo((409, "no_pending_invoice", true)), paid.ToString());
        Assert.That((await http.GetAsync($"/dashboard/sandboxes/{sandbox.Id}/invoice.svg", cookie)).Code, Is.EqualTo(404));
    }

    [Test]
    public async Task Executions_show_their_output()
    {
        var id = await NewSandboxAsync();
        await Api.RunAsync(id, Key, "echo dash-$((2+3)) '<b>'");

        var list = await http.GetAsync("/dashboard/sandboxes", cookie);

        Assert.That(list.Text, Does.Contain("dash-5 &lt;b&gt;"), "the output, HTML-encoded, although the client read it");
        Assert.That(list.Text, Does.Contain("echo dash-$((2+3)) &#39;&lt;b&gt;&#39;"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("not-the-token")]
    public async Task A_post_without_the_sessions_token_is_refused(string? token)
    {
        var id = await NewSandboxAsync();
        var form = token is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["csrf"] = token };

        var response = await http.PostFormAsync($"/dashboard/sandboxes/{id}/pause", cookie, http.OwnOrigin, form);

        Assert.That((response.Code, response.ErrorCode, response.IsEnvelope), Is.EqualTo((403, "forbidden", true)), response.ToString());
        Assert.That(await StatusAsync(id), Is.EqualTo("running"));
    }

    [Test]
    public async Task Another_sessions_token_is_refused()
    {
        var id = await NewSandboxAsync();
        var otherCookie = await http.SignInAsync(Admin);
        var otherToken = await http.CsrfTokenAsync(otherCookie);

        var response = await http.PostFormAsync($"/dashboard/sandboxes/{id}/pause", cookie, http.OwnOrigin, new Dictionary<string, string> { ["csrf"] = otherToken });

        Assert.That((response.Code, response.ErrorCode), Is.EqualTo((403, "forbidden")), response.ToString());
        Assert.That(await StatusAsync(id), Is.EqualTo("running"));
    }

    [TestCase(null)]
    [TestCase("https://attacker.example")]
    [TestCase("http://localhost:1")]
    [TestCase("null")]
    public async Task A_post_from_another_origin_is_refused_even_with_session_and_token(string? origin)
    {
        var id = await NewSandboxAsync();

        var response = await http.PostFormAsync($"/dashboard/sandboxes/{id}/terminate", cookie, origin, new Dictionary<string, string> { ["csrf"] = csrf });

        Assert.That((response.Code, response.ErrorCode, response.IsEnvelope), Is.EqualTo((403, "forbidden", true)), response.ToString());
        Assert.That(await StatusAsync(id), Is.EqualTo("running"));
    }

    [TestCase("text/plain")]
    [TestCase("multipart/form-data; boundary=x")]
    [TestCase("application/x-www-form-urlencoded; charset=iso-8859-1")]
    public async Task A_body_that_is_not_a_form_is_refused(string contentType)
    {
        var id = await NewSandboxAsync();

        var response = await http.PostAsync($"/dashboard/sandboxes/{id}/pause", cookie, http.OwnOrigin, "csrf=" + Uri.EscapeDataString(csrf), contentType);

        Assert.That((response.Code, response.ErrorCode, response.IsEnvelope), Is.EqualTo((415, "unsupported_media_type", true)), response.ToString());
        Assert.That(await StatusAsync(id), Is.EqualTo("running"));
    }

    [TestCase("/v1/sandboxes")]
    [TestCase("/_emulator/clock/advance")]
    public async Task Form_bodies_stay_refused_outside_the_dashboard(string path)
    {
        var response = await http.PostAsync(path, cookie, http.OwnOrigin, "tier=nano&seconds=5");

        Assert.That((response.Code, response.ErrorCode), Is.EqualTo((415, "unsupported_media_type")), response.ToString());
    }

    [Test]
    public async Task Bad_input_gets_the_envelope()
    {
        var id = await NewSandboxAsync();
        var token = new Dictionary<string, string> { ["csrf"] = csrf };

        var unknownAction = await http.PostFormAsync($"/dashboard/sandboxes/{id}/explode", cookie, http.OwnOrigin, token);
        var unknownSandbox = await http.PostFormAsync("/dashboard/sandboxes/sb_nope/pause", cookie, http.OwnOrigin, token);
        var tooLarge = await http.PostAsync($"/dashboard/sandboxes/{id}/pause", cookie, http.OwnOrigin, "csrf=" + Uri.EscapeDataString(csrf) + "&pad=" + new string('x', 9000));
        var noInvoice = await http.PostFormAsync($"/dashboard/sandboxes/{id}/pay", cookie, http.OwnOrigin, token);
        var unpaid = await Api.CreateLightningSandboxAsync();
        var notPaused = await http.PostFormAsync($"/dashboard/sandboxes/{unpaid.Id}/pause", cookie, http.OwnOrigin, token);
        var noQr = await http.GetAsync($"/dashboard/sandboxes/{id}/invoice.svg", cookie);

        Assert.That((unknownAction.Code, unknownAction.IsEnvelope), Is.EqualTo((404, true)), unknownAction.ToString());
        Assert.That((unknownSandbox.Code, unknownSandbox.IsEnvelope), Is.EqualTo((404, true)), unknownSandbox.ToString());
        Assert.That((tooLarge.Code, tooLarge.ErrorCode, tooLarge.IsEnvelope), Is.EqualTo((413, "payload_too_large", true)), tooLarge.ToString());
        Assert.That((noInvoice.Code, noInvoice.ErrorCode), Is.EqualTo((409, "no_pending_invoice")), noInvoice.ToString());
        Assert.That((notPaused.Code, notPaused.IsEnvelope), Is.EqualTo((409, true)), notPaused.ToString());
        Assert.That((noQr.Code, noQr.IsEnvelope), Is.EqualTo((404, true)), noQr.ToString());
        Assert.That(await StatusAsync(id), Is.EqualTo("running"));
        foreach (var response in new[] { unknownAction, unknownSandbox, tooLarge, noInvoice, notPaused, noQr })
        {
            Assert.That(response.Text, Does.Not.Contain(Emulator.DataDirectory).And.Not.Contain(Key).And.Not.Contain(Admin));
        }
    }

    private Task<DashboardResponse> ActAsync(string id, string action) =>
        http.PostFormAsync($"/dashboard/sandboxes/{id}/{action}", cookie, http.OwnOrigin, new Dictionary<string, string> { ["csrf"] = csrf });

    private async Task<string> StatusAsync(string id) => (await Api.GetAsync($"/v1/sandboxes/{id}", Key)).Str("status");
}
