using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Sockt.Web.Tests;

/// <summary>
/// The browser terminal end to end: Chromium loads the page, xterm.js talks to MapSocktTerminal, the bridge to the
/// shell of a Lightning sandbox (so that an <c>sbx_</c> token is in play) on the embedded emulator.
/// Each case runs a few times: they involve two WebSockets, a PTY and a browser.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class BrowserTerminalTests
{
    private const int Repeats = 3;

    private TerminalTestServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IBrowserContext _context = null!;
    private IPage _page = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // demo's sandbox has enough for the whole run; billing's runs low once the emulator's clock jumps 30 minutes.
        _server = await TerminalTestServer.StartAsync(new Dictionary<string, Func<TerminalTestServer, Task<Sandbox>>>
        {
            ["demo"] = server => server.StartLightningSandboxAsync(prepaidSats: 20_000),
            ["billing"] = server => server.StartLightningSandboxAsync(prepaidSats: 1000),
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's Chromium; Playwright's own browser download is never used (and cannot work here).
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [SetUp]
    public async Task OpenPageAsync()
    {
        _context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 800, Height = 600 } });
        _page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task ClosePageAsync() => await _context.CloseAsync();

    [Test]
    [Repeat(Repeats)]
    public async Task Typing_a_command_shows_its_output()
    {
        await OpenTerminalAsync();

        await TypeLineAsync("echo $((6*7))");

        await Poll.UntilAsync(async () => (await ScreenLinesAsync()).Any(line => line.Trim() == "42"), "42 on the page's terminal");
    }

    [Test]
    [Repeat(Repeats)]
    public async Task Resizing_the_page_resizes_the_shell()
    {
        await OpenTerminalAsync();
        var small = await ShellSizeAsync();

        await _page.SetViewportSizeAsync(1280, 900);
        await Poll.UntilAsync(async () => await ShownSizeAsync() != small, "xterm.js fitted to the larger page");
        var large = await ShellSizeAsync();

        Assert.That(large, Is.Not.EqualTo(small));
        Assert.That(large.Columns, Is.GreaterThan(small.Columns));
        Assert.That(large.Rows, Is.GreaterThan(small.Rows));
    }

    [Test]
    [Repeat(Repeats)]
    public async Task Closing_the_tab_ends_the_shell()
    {
        await OpenTerminalAsync();
        var marker = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await TypeLineAsync("sleep 7" + marker);
        await Poll.UntilAsync(() => HostProcesses.AnyWithArgument("7" + marker), "the shell's sleep running in the sandbox");

        await _page.CloseAsync();

        await Poll.UntilAsync(() => !HostProcesses.AnyWithArgument("7" + marker), "the shell (and its sleep) ended after the tab closed");
    }

    [Test]
    [Repeat(Repeats)]
    public async Task No_credential_reaches_the_browser()
    {
        var seen = new List<string>();
        var responses = new List<IResponse>();
        _page.Request += (_, request) => seen.Add(request.Url + "\n" + string.Join("\n", request.Headers.Select(header => header.Key + ": " + header.Value)));
        _page.Response += (_, response) => responses.Add(response);
        _page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, frame) => seen.Add(frame.Text ?? string.Empty);
            socket.FrameSent += (_, frame) => seen.Add(frame.Text ?? string.Empty);
        };

        await OpenTerminalAsync();
        await TypeLineAsync("echo $((6*7))");
        await Poll.UntilAsync(async () => (await ScreenLinesAsync()).Any(line => line.Trim() == "42"), "42 on the page's terminal");

        seen.Add(await _page.ContentAsync());
        seen.Add(await _page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"));
        seen.AddRange((await _context.CookiesAsync()).Select(cookie => cookie.Name + "=" + cookie.Value));
        foreach (var response in responses.ToList())
        {
            seen.Add(string.Join("\n", response.Headers.Select(header => header.Key + ": " + header.Value)));
            if (response.Status == 200)
            {
                seen.Add(await response.TextAsync());
            }
        }

        Assert.That(seen, Has.Count.GreaterThan(5), "the page, its scripts and the terminal's frames were captured");
        Assert.That(seen, Has.None.Contains(_server.Emulator.ApiKey));
        Assert.That(seen, Has.None.Contains("sbx_"));
    }

    [Test]
    [Repeat(Repeats)]
    public async Task A_request_the_app_does_not_authorize_is_refused()
    {
        await _page.GotoAsync(new Uri(_server.Origin, "/?user=mallory").ToString());

        await Poll.UntilAsync(async () => await _page.EvaluateAsync<int>("() => window.socktTerminal.socket.readyState") == 3, "the refused WebSocket closed");
        Assert.That(await _page.EvaluateAsync<bool>("() => window.socktOpened"), Is.False);
        Assert.That(await UpgradeStatusAsync("/terminal?user=mallory", _server.Origin), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await UpgradeStatusAsync("/terminal", _server.Origin), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    [Repeat(Repeats)]
    public async Task A_websocket_from_another_origin_is_refused()
    {
        var terminal = new UriBuilder(_server.Origin) { Scheme = "ws", Path = "/terminal", Query = "user=demo" }.Uri.ToString();

        await _page.GotoAsync(_server.ForeignOrigin.ToString());
        var fromForeignPage = await _page.EvaluateAsync<string>(OpenSocketScript, terminal);
        await _page.GotoAsync(_server.Origin.ToString());
        var fromOwnPage = await _page.EvaluateAsync<string>(OpenSocketScript, terminal);

        Assert.That(fromForeignPage, Is.EqualTo("closed"));
        Assert.That(fromOwnPage, Is.EqualTo("open"), "the same WebSocket from the app's own page opens (the check is the origin)");
        Assert.That(await UpgradeStatusAsync("/terminal?user=demo", new Uri("http://evil.example")), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_billing_notice_appears_in_the_terminal()
    {
        await OpenTerminalAsync("billing");

        await _server.Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800));

        await Poll.UntilAsync(async () => (await ScreenLinesAsync()).Any(line => line.Contains("[low_balance]", StringComparison.Ordinal)), "the low_balance notice on the page");
    }

    // Opens a WebSocket from the page and says whether it opened; closes it again.
    private const string OpenSocketScript = """
        url => new Promise(resolve => {
          const socket = new WebSocket(url);
          socket.onopen = () => { resolve("open"); socket.close(); };
          socket.onclose = () => resolve("closed");
        })
        """;

    private async Task OpenTerminalAsync(string user = "demo")
    {
        await _page.GotoAsync(new Uri(_server.Origin, "/?user=" + user).ToString());
        await Poll.UntilAsync(async () => (await ScreenLinesAsync()).Any(line => line.Contains("$ ", StringComparison.Ordinal)), "the shell's prompt on the page");
        await _page.ClickAsync("#terminal");
    }

    private async Task TypeLineAsync(string text)
    {
        await _page.Keyboard.TypeAsync(text);
        await _page.Keyboard.PressAsync("Enter");
    }

    private async Task<string[]> ScreenLinesAsync() =>
        await _page.EvaluateAsync<string[]>("""
            () => {
              const buffer = window.socktTerminal.terminal.buffer.active;
              const lines = [];
              for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
              return lines;
            }
            """);

    // The shell's own idea of its size (stty), once it matches what xterm.js shows.
    private async Task<TerminalSize> ShellSizeAsync()
    {
        var expected = await ShownSizeAsync();
        await Poll.UntilAsync(async () =>
        {
            await TypeLineAsync("echo SZ-$(stty size | tr ' ' x)-END");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (DateTime.UtcNow < deadline)
            {
                var sizes = (await ScreenLinesAsync()).Select(line => SizeLine().Match(line)).Where(match => match.Success).ToList();
                if (sizes.Count > 0 && sizes[^1] is var last
                    && new TerminalSize(int.Parse(last.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(last.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) == expected)
                {
                    return true;
                }

                await Task.Delay(50);
            }

            return false;
        }, $"stty size {expected} in the shell");
        return expected;
    }

    private async Task<TerminalSize> ShownSizeAsync()
    {
        var shown = await _page.EvaluateAsync<int[]>("() => [window.socktTerminal.terminal.rows, window.socktTerminal.terminal.cols]");
        return new TerminalSize(shown[0], shown[1]);
    }

    // The HTTP status of a WebSocket upgrade to the app, sent as a page of pageOrigin would (101 when accepted).
    private async Task<HttpStatusCode> UpgradeStatusAsync(string path, Uri pageOrigin)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", pageOrigin.GetLeftPart(UriPartial.Authority));
        var target = new UriBuilder(new Uri(_server.Origin, path)) { Scheme = "ws" }.Uri;
        try
        {
            await socket.ConnectAsync(target, CancellationToken.None);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        return socket.HttpStatusCode;
    }

    [GeneratedRegex(@"SZ-(\d+)x(\d+)-END")]
    private static partial Regex SizeLine();
}
