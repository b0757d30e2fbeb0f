using System.Net;
using System.Net.WebSockets;
using System.Text;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Dashboard;

/// <summary>
/// The dashboard's terminal WebSocket without a browser: the browser protocol of docs/web-terminal.md on the
/// sandbox's PTY, its checks (session, own origin, a running sandbox), and hostile messages.
/// </summary>
internal sealed class DashboardTerminalTests : EmulatorTestBase
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
    public async Task Input_runs_in_the_sandbox_and_output_comes_back()
    {
        var id = await NewSandboxAsync();
        await using var terminal = await ShellClient.ConnectWithHeadersAsync(Url(id), Headers(cookie, http.OwnOrigin));

        await terminal.SendAsync(new { type = "resize", cols = 100, rows = 30 });
        await terminal.InputAsync("echo $((6*7)) $(stty size)\r");

        await terminal.ReadUntilAsync(c => c.Stdout.Contains("42 30 100", StringComparison.Ordinal), "42 and the new size");
        await terminal.InputAsync("exit\r");
        await terminal.WaitForCloseAsync();
        Assert.That(terminal.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
        Assert.That(terminal.Frames[^1], Is.EqualTo(("exit", "exited")));
    }

    [Test]
    public async Task Pausing_the_sandbox_ends_the_terminal_with_a_notice()
    {
        var id = await NewSandboxAsync();
        await using var terminal = await ShellClient.ConnectWithHeadersAsync(Url(id), Headers(cookie, http.OwnOrigin));
        await terminal.InputAsync("echo ready-$((1+1))\r");
        await terminal.ReadUntilAsync(c => c.Stdout.Contains("ready-2", StringComparison.Ordinal), "the shell");

        await Api.PostAsync($"/v1/sandboxes/{id}/pause", Key);

        await terminal.WaitForCloseAsync();
        Assert.That(terminal.Frames.Any(f => f.Type == "notice:error" && f.Data.Contains("paused", StringComparison.Ordinal)), Is.True, string.Join(", ", terminal.Frames.Where(f => f.Type != "output")));
        Assert.That(terminal.Frames[^1], Is.EqualTo(("exit", "disconnected")));
    }

    [Test]
    public async Task Billing_notices_reach_the_terminal_until_the_sandbox_runs_dry()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 1000);
        await Emulator.PayInvoiceAsync(sandbox.PaymentHash);
        await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");
        await using var terminal = await ShellClient.ConnectWithHeadersAsync(Url(sandbox.Id), Headers(cookie, http.OwnOrigin));
        await terminal.InputAsync("echo ready-$((2*2))\r");
        await terminal.ReadUntilAsync(c => c.Stdout.Contains("ready-4", StringComparison.Ordinal), "the shell");

        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800));
        await terminal.ReadUntilAsync(c => c.Frames.Any(f => f.Type == "notice:deposit_required"), "billing notices");
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(600));
        await terminal.WaitForCloseAsync();

        var messages = terminal.Frames.Select(f => f.Type).Where(t => t != "output").ToList();
        Assert.That(messages, Is.EqualTo(new[] { "notice:low_balance", "notice:deposit_required", "notice:out_of_balance", "notice:error", "exit" }));
        Assert.That(terminal.Frames.First(f => f.Type == "notice:deposit_required").Data, Does.Contain("lnbcrt"));
        Assert.That(terminal.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task The_terminal_needs_a_session_the_own_origin_and_a_running_sandbox()
    {
        var id = await NewSandboxAsync();
        var unpaid = await Api.CreateLightningSandboxAsync();

        Assert.That(await ShellClient.RefusedStatusWithHeadersAsync(Url(id), Headers(null, http.OwnOrigin)), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ShellClient.RefusedStatusWithHeadersAsync(Url(id), Headers(Admin, http.OwnOrigin)), Is.EqualTo(HttpStatusCode.Unauthorized), "the admin key is no session");
        Assert.That(await ShellClient.RefusedStatusWithHeadersAsync(Url(id), Headers(cookie, "https://attacker.example")), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ShellClient.RefusedStatusWithHeadersAsync(Url(id), Headers(cookie, "http://localhost:1")), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ShellClient.RefusedStatusWithHeadersAsync(Url(id), Headers(cookie, null)), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ShellClient.RefusedStatusWithHeadersAsync(Url(unpaid.Id), Headers(cookie, http.OwnOrigin)), Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await ShellClient.RefusedStatusWithHeadersAsync(Url("sb_nope"), Headers(cookie, http.OwnOrigin)), Is.EqualTo(HttpStatusCode.NotFound));
        var plain = await http.GetAsync($"/dashboard/sandboxes/{id}/terminal", cookie);
        Assert.That((plain.Code, plain.ErrorCode, plain.IsEnvelope), Is.EqualTo((400, "websocket_required", true)), plain.ToString());
    }

    [TestCase("not json", WebSocketCloseStatus.PolicyViolation)]
    [TestCase("[1]", WebSocketCloseStatus.PolicyViolation)]
    [TestCase("{\"type\":\"bogus\"}", WebSocketCloseStatus.PolicyViolation)]
    [TestCase("{\"type\":\"input\",\"data\":5}", WebSocketCloseStatus.PolicyViolation)]
    [TestCase("{\"type\":\"resize\",\"cols\":0,\"rows\":10}", WebSocketCloseStatus.PolicyViolation)]
    [TestCase("{\"type\":\"ack\",\"chars\":100000000}", WebSocketCloseStatus.PolicyViolation)]
    [TestCase("{\"type\":\"ack\",\"chars\":-1}", WebSocketCloseStatus.PolicyViolation)]
    public async Task A_message_outside_the_protocol_closes_the_terminal(string message, WebSocketCloseStatus expected)
    {
        var id = await NewSandboxAsync();
        await using var terminal = await ShellClient.ConnectWithHeadersAsync(Url(id), Headers(cookie, http.OwnOrigin));

        await terminal.SendRawAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text);

        await terminal.WaitForCloseAsync();
        Assert.That(terminal.CloseStatus, Is.EqualTo(expected));
    }

    [Test]
    public async Task A_binary_message_closes_with_1003()
    {
        var id = await NewSandboxAsync();
        await using var terminal = await ShellClient.ConnectWithHeadersAsync(Url(id), Headers(cookie, http.OwnOrigin));

        await terminal.SendRawAsync("touch binary-marker\r"u8.ToArray(), WebSocketMessageType.Binary);

        await terminal.WaitForCloseAsync();
        Assert.That(terminal.CloseStatus, Is.EqualTo(WebSocketCloseStatus.InvalidMessageType));
        Assert.That((await Api.RunAsync(id, Key, "ls")).Stdout, Does.Not.Contain("binary-marker"));
    }

    [Test]
    public async Task An_oversize_message_closes_with_1009_and_none_of_it_reaches_the_shell()
    {
        var id = await NewSandboxAsync();
        await using var terminal = await ShellClient.ConnectWithHeadersAsync(Url(id), Headers(cookie, http.OwnOrigin));
        var input = "touch first-marker\r" + new string('#', 64 * 1024) + "\rtouch last-marker\r";

        try
        {
            await terminal.SendRawAsync(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { type = "input", data = input })), WebSocketMessageType.Text);
        }
        catch (WebSocketException)
        {
            // The server may close before the client finished sending.
        }

        await terminal.WaitForCloseAsync();
        Assert.That(terminal.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        Assert.That((await Api.RunAsync(id, Key, "ls")).Stdout, Does.Not.Contain("marker"));
    }

    [Test]
    public async Task Output_stops_while_the_page_has_not_acknowledged_it_and_goes_on_after_an_ack()
    {
        var id = await NewSandboxAsync();
        await using var terminal = await ShellClient.ConnectWithHeadersAsync(Url(id), Headers(cookie, http.OwnOrigin));
        // 1 MiB of output, four times the window; then a marker once all of it went through.
        await terminal.InputAsync("head -c 1048576 /dev/zero | tr '\\0' x; echo; echo done-$((40+2))\r");

        // Without acknowledgements the bridge stops at the window (256 Ki characters): the marker never comes.
        await terminal.ReadUntilAsync(c => c.Stdout.Length >= 256 * 1024, "the first window of output");
        var windowFull = terminal.Stdout.Length;
        Assert.That(windowFull, Is.LessThan(256 * 1024 + 64 * 1024), "at most the window and one read beyond it");
        // Keeps reading without acknowledging: nothing more may come (observed for a while; only a broken window ends it).
        var more = terminal.ReadUntilAsync(c => c.Stdout.Length > windowFull, "output after the first ack", TimeSpan.FromSeconds(60));
        Assert.That(await Task.WhenAny(more, Task.Delay(TimeSpan.FromSeconds(2))), Is.Not.SameAs(more), "no output beyond the window without an ack");

        await terminal.SendAsync(new { type = "ack", chars = windowFull });
        await more;

        // Acknowledging what arrived lets the rest through.
        var acknowledged = windowFull;
        while (!terminal.Stdout.Contains("done-42", StringComparison.Ordinal))
        {
            var seen = terminal.Stdout.Length;
            await terminal.SendAsync(new { type = "ack", chars = seen - acknowledged });
            acknowledged = seen;
            await terminal.ReadUntilAsync(c => c.Stdout.Length > seen, "more output after an ack");
        }
    }

    private Uri Url(string id) => new UriBuilder(Emulator.BaseUrl) { Scheme = "ws", Path = $"/dashboard/sandboxes/{id}/terminal" }.Uri;

    private Dictionary<string, string> Headers(string? session, string? origin)
    {
        var headers = new Dictionary<string, string>();
        if (session is not null)
        {
            headers["Cookie"] = http.CookieHeader(session);
        }

        if (origin is not null)
        {
            headers["Origin"] = origin;
        }

        return headers;
    }
}
