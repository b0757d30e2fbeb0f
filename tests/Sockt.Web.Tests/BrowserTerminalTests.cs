using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Microsoft.Playwright.NUnit;

namespace Sockt.Web.Tests;

/// <summary>
/// The browser terminal end to end: Chromium loads the page, xterm.js talks to MapSocktTerminal, the bridge to the
/// shell of a Lightning sandbox (so that an <c>sbx_</c> token is in play) on the embedded emulator.
/// Each case runs a few times: they involve two WebSockets, a PTY and a browser.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class BrowserTerminalTests : PageTest
{
    private const int Repeats = 3;

    private TerminalTestServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        // demo's sandbox has enough for the whole run; billing's runs low once the emulator's clock jumps 30 minutes.
        _server = await TerminalTestServer.StartAsync(new Dictionary<string, Func<TerminalTestServer, Task<Sandbox>>>
        {
            ["demo"] = server => server.StartLightningSandboxAsync(prepaidSats: 20_000),
            ["billing"] = server => server.StartLightningSandboxAsync(prepaidSats: 1000),
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Each test gets a fresh context (no shared cookies or storage) with a page of this size.</summary>
    public override BrowserNewContextOptions ContextOptions() => new() { ViewportSize = new ViewportSize { Width = 800, Height = 600 } };

    // Runs before PageTest closes the page: what the terminal showed when a test failed.
    [TearDown]
    public async Task ShowTerminalOnFailureAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && !Page.IsClosed)
        {
            try
            {
                TestContext.Out.WriteLine("The page's terminal:\n" + string.Join("\n", await ScreenLinesAsync()));
            }
            catch (PlaywrightException exception)
            {
                TestContext.Out.WriteLine("The page's terminal could not be read: " + exception.Message);
            }
        }
    }

    [Test]
    [Repeat(Repeats)]
    public async Task Typing_a_command_shows_its_output()
    {
        await OpenTerminalAsync();

        await TypeLineAsync("echo $((6*7))");

        await Expect(TerminalRow(@"^\s*42\s*$")).ToBeVisibleAsync();
    }

    [Test]
    [Repeat(Repeats)]
    public async Task Resizing_the_page_resizes_the_shell()
    {
        await OpenTerminalAsync();
        var small = await ShellSizeAsync();

        await Page.SetViewportSizeAsync(1280, 900);
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

        await Page.CloseAsync();

        await Poll.UntilAsync(() => !HostProcesses.AnyWithArgument("7" + marker), "the shell (and its sleep) ended after the tab closed");
    }

    [Test]
    [Repeat(Repeats)]
    public async Task No_credential_reaches_the_browser()
    {
        var seen = new List<string>();
        var responses = new List<IResponse>();
        Page.Request += (_, request) => seen.Add(request.Url + "\n" + string.Join("\n", request.Headers.Select(header => header.Key + ": " + header.Value)));
        Page.Response += (_, response) => responses.Add(response);
        Page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, frame) => seen.Add(frame.Text ?? string.Empty);
            socket.FrameSent += (_, frame) => seen.Add(frame.Text ?? string.Empty);
        };

        await OpenTerminalAsync();
        await TypeLineAsync("echo $((6*7))");
        await Expect(TerminalRow(@"^\s*42\s*$")).ToBeVisibleAsync();

        seen.Add(await Page.ContentAsync());
        seen.Add(await Page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"));
        seen.AddRange((await Context.CookiesAsync()).Select(cookie => cookie.Name + "=" + cookie.Value));
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
        await Page.AddInitScriptAsync(RecordOpenedSocketsScript);
        await Page.GotoAsync(new Uri(_server.Origin, "/?user=mallory").ToString());

        await Page.WaitForFunctionAsync("() => window.socktTerminal.socket.readyState === WebSocket.CLOSED");
        Assert.That(await Page.EvaluateAsync<bool>("() => window.socktOpened"), Is.False);
        Assert.That(await UpgradeStatusAsync("/terminal?user=mallory", _server.Origin), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await UpgradeStatusAsync("/terminal", _server.Origin), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    [Repeat(Repeats)]
    public async Task A_websocket_from_another_origin_is_refused()
    {
        var terminal = new UriBuilder(_server.Origin) { Scheme = "ws", Path = "/terminal", Query = "user=demo" }.Uri.ToString();

        await Page.GotoAsync(_server.ForeignOrigin.ToString());
        var fromForeignPage = await Page.EvaluateAsync<string>(OpenSocketScript, terminal);
        await Page.GotoAsync(_server.Origin.ToString());
        var fromOwnPage = await Page.EvaluateAsync<string>(OpenSocketScript, terminal);

        Assert.That(fromForeignPage, Is.EqualTo("closed"));
        Assert.That(fromOwnPage, Is.EqualTo("open"), "the same WebSocket from the app's own page opens (the check is the origin)");
        Assert.That(await UpgradeStatusAsync("/terminal?user=demo", new Uri("http://evil.example")), Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task A_billing_notice_appears_in_the_terminal()
    {
        await OpenTerminalAsync("billing");

        await _server.Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800));

        await Expect(TerminalRow(@"\[low_balance\]")).ToBeVisibleAsync();
    }

    // Runs before the page's own scripts: window.socktOpened turns true when any WebSocket of the page opens.
    private const string RecordOpenedSocketsScript = """
        window.socktOpened = false;
        window.WebSocket = class extends WebSocket {
          constructor(...args) {
            super(...args);
            this.addEventListener("open", () => { window.socktOpened = true; });
          }
        };
        """;

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
        await Page.GotoAsync(new Uri(_server.Origin, "/?user=" + user).ToString());
        await Expect(TerminalRow(@"\$\s")).ToBeVisibleAsync();
        await Page.ClickAsync("#terminal");
    }

    // A row of xterm.js's screen (its DOM renderer draws one div per row) whose text matches the pattern.
    private ILocator TerminalRow(string pattern) =>
        Page.Locator(".xterm-rows > div").Filter(new LocatorFilterOptions { HasTextRegex = new Regex(pattern) }).Last;

    private async Task TypeLineAsync(string text)
    {
        await Page.Keyboard.TypeAsync(text);
        await Page.Keyboard.PressAsync("Enter");
    }

    private async Task<string[]> ScreenLinesAsync() =>
        await Page.EvaluateAsync<string[]>("""
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
        var shown = await Page.EvaluateAsync<int[]>("() => [window.socktTerminal.terminal.rows, window.socktTerminal.terminal.cols]");
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
