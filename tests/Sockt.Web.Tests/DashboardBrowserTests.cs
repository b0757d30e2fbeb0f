using Microsoft.Playwright;
using Microsoft.Playwright.NUnit;
using Sockt.Emulator;
using Sockt.Models;

namespace Sockt.Web.Tests;

/// <summary>
/// The emulator's dashboard in Chromium: sign-in with the admin key, a Lightning sandbox awaiting payment with its
/// QR code, Pay, the terminal (the same sockt-terminal.js as Sockt.AspNetCore, on the emulator's own bridge),
/// pause/resume/terminate, live updates, and what a page of another origin cannot do. Sandboxes are created through
/// the API with the SDK, as a developer's code would.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DashboardBrowserTests : PageTest
{
    private const int Repeats = 2;

    private SocktEmulator _emulator = null!;
    private ComputeClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.Zero });
        _client = new ComputeClient(new ComputeClientOptions
        {
            BaseUrl = _emulator.BaseUrl,
            ApiKey = _emulator.ApiKey,
            WaitPollInterval = TimeSpan.FromMilliseconds(100),
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _client?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>Each test gets a fresh context (no session cookie from another test) with a page of this size.</summary>
    public override BrowserNewContextOptions ContextOptions() => new() { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } };

    [Test]
    [Repeat(Repeats)]
    public async Task Without_signing_in_the_dashboard_shows_nothing_but_the_sign_in_form()
    {
        var sandbox = await _client.CreateSandboxAsync(tier: "nano");

        await Page.GotoAsync(_emulator.BaseUrl.ToString());

        Assert.That(await Page.Locator("#admin_key").CountAsync(), Is.EqualTo(1));
        Assert.That(await Page.Locator("#sandboxes").CountAsync(), Is.Zero);
        Assert.That(await Page.ContentAsync(), Does.Not.Contain(sandbox.Id));
        var list = await Page.EvaluateAsync<int>("async () => (await fetch('/dashboard/sandboxes')).status");
        Assert.That(list, Is.EqualTo(401));
        Assert.That(await OpenSocketAsync(sandbox.Id), Is.EqualTo("closed"));

        await Page.FillAsync("#admin_key", _emulator.ApiKey);
        await Page.ClickAsync("button[type=submit]");
        Assert.That(await Page.Locator(".error").TextContentAsync(), Does.Contain("not this emulator"));
        Assert.That(await Page.Locator("#sandboxes").CountAsync(), Is.Zero, "an API key does not sign in");
        Assert.That(await Context.CookiesAsync(), Is.Empty);
        await sandbox.TerminateAsync();
    }

    [Test]
    [Repeat(Repeats)]
    public async Task A_lightning_sandbox_awaits_payment_with_a_qr_code_and_pay_starts_it()
    {
        var sandbox = await _client.CreateSandboxAsync(tier: "nano", billingMethod: BillingMethod.Lightning, prepaidSats: 1000);
        await SignInAsync();

        await WaitForStateAsync(sandbox.Id, "awaiting_payment");
        var card = Card(sandbox.Id);
        await Poll.UntilAsync(async () => await card.Locator("img.qr").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0, "the invoice's QR code loaded");
        Assert.That(await card.Locator(".bolt11").TextContentAsync(), Is.EqualTo(sandbox.PendingInvoice!.Bolt11));

        await card.Locator("button.pay").ClickAsync();

        await WaitForStateAsync(sandbox.Id, "running");
        Assert.That(await card.Locator("img.qr").CountAsync(), Is.Zero, "the paid invoice is gone");
        Assert.That((await sandbox.RefreshStatusAsync()).Status, Is.EqualTo(SandboxState.Running));
        await sandbox.TerminateAsync();
    }

    [Test]
    [Repeat(Repeats)]
    public async Task The_terminal_of_a_running_sandbox_runs_commands()
    {
        var sandbox = await StartLightningSandboxAsync();
        await SignInAsync();
        await WaitForStateAsync(sandbox.Id, "running");

        await Card(sandbox.Id).Locator("button.open-terminal").ClickAsync();
        await Poll.UntilAsync(async () => (await ScreenLinesAsync()).Any(line => line.Contains("$ ", StringComparison.Ordinal)), "the shell's prompt on the page");
        await Page.ClickAsync("#terminal");
        await Page.Keyboard.TypeAsync("echo $((6*7))");
        await Page.Keyboard.PressAsync("Enter");

        await Poll.UntilAsync(async () => (await ScreenLinesAsync()).Any(line => line.Trim() == "42"), "42 on the dashboard's terminal");
        await sandbox.TerminateAsync();
    }

    [Test]
    [Repeat(Repeats)]
    public async Task Pause_and_resume_change_the_state_and_terminate_removes_the_sandbox()
    {
        var sandbox = await _client.CreateSandboxAsync(tier: "nano");
        await sandbox.WaitUntilRunningAsync(timeout: TimeSpan.FromSeconds(60));
        await SignInAsync();
        await WaitForStateAsync(sandbox.Id, "running");
        var card = Card(sandbox.Id);

        await card.Locator("button.pause").ClickAsync();
        await WaitForStateAsync(sandbox.Id, "paused");
        Assert.That((await sandbox.RefreshStatusAsync()).Status, Is.EqualTo(SandboxState.Paused));

        await card.Locator("button.resume").ClickAsync();
        await WaitForStateAsync(sandbox.Id, "running");
        Assert.That((await sandbox.RefreshStatusAsync()).Status, Is.EqualTo(SandboxState.Running));

        await card.Locator("button.terminate").ClickAsync();
        await Expect(card).ToHaveCountAsync(0);
        Assert.That((await sandbox.RefreshStatusAsync()).Status, Is.EqualTo(SandboxState.Terminated));
    }

    [Test]
    [Repeat(Repeats)]
    public async Task ThePage_updates_live_when_a_sandbox_is_created_and_runs_a_command_through_the_api()
    {
        await SignInAsync();
        var before = Page.Url;

        var sandbox = await _client.CreateSandboxAsync(tier: "nano");
        await WaitForStateAsync(sandbox.Id, "running");
        var marker = "live-" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await sandbox.ExecAsync("echo " + marker);

        await Poll.UntilAsync(async () => (await Card(sandbox.Id).Locator("pre.output").AllTextContentsAsync()).Any(text => text.Contains(marker, StringComparison.Ordinal)), "the execution's output on the page");
        Assert.That(Page.Url, Is.EqualTo(before), "no reload");
        await sandbox.TerminateAsync();
    }

    [Test]
    [Repeat(Repeats)]
    public async Task APage_of_another_origin_can_neither_post_nor_open_the_terminal()
    {
        var sandbox = await StartLightningSandboxAsync();
        await SignInAsync();
        await WaitForStateAsync(sandbox.Id, "running");
        var token = await Page.GetAttributeAsync("input[name=csrf]", "value");
        await Page.RouteAsync("http://evil.example/**", route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = "<!DOCTYPE html><title>evil</title><p>evil</p>" }));

        await Page.GotoAsync("http://evil.example/");
        var pause = new Uri(_emulator.BaseUrl, $"/dashboard/sandboxes/{sandbox.Id}/pause").ToString();
        // The classic CSRF: a form posted to the dashboard, even with the session's own token, from another site.
        var navigated = Page.WaitForURLAsync(pause);
        await Page.EvaluateAsync("""
            ([action, token]) => {
              const form = document.createElement("form");
              form.method = "post";
              form.action = action;
              const field = document.createElement("input");
              field.type = "hidden";
              field.name = "csrf";
              field.value = token;
              form.appendChild(field);
              document.body.appendChild(form);
              form.submit();
            }
            """, new[] { pause, token });
        await navigated;
        var answer = await Page.Locator("body").TextContentAsync();
        await Page.GotoAsync("http://evil.example/");
        var socket = await OpenSocketAsync(sandbox.Id);

        Assert.That(answer, Does.Contain("\"code\":\"unauthorized\"").Or.Contain("\"code\":\"forbidden\""));
        Assert.That(socket, Is.EqualTo("closed"));
        Assert.That((await sandbox.RefreshStatusAsync()).Status, Is.EqualTo(SandboxState.Running), "the forged post changed nothing");
        await sandbox.TerminateAsync();
    }

    [Test]
    [Repeat(Repeats)]
    public async Task No_key_or_token_reaches_thePage_the_network_log_or_storage()
    {
        var seen = new List<string>();
        var signInRequests = new List<IRequest>();
        var bodies = new List<Task<string>>();
        Page.Request += (_, request) =>
        {
            seen.Add(request.Url + "\n" + string.Join("\n", request.Headers.Select(header => header.Key + ": " + header.Value)));
            if (request.Url.EndsWith("/dashboard/login", StringComparison.Ordinal))
            {
                // The one request that carries the admin key, by design: the sign-in form's body.
                signInRequests.Add(request);
            }
            else
            {
                seen.Add(request.PostData ?? string.Empty);
            }
        };
        Page.Response += (_, response) =>
        {
            seen.Add(string.Join("\n", response.Headers.Select(header => header.Key + ": " + header.Value)));
            // Read at once: a page's body is gone once the browser navigates away from it.
            bodies.Add(ReadBodyAsync(response));
        };
        Page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, frame) => seen.Add(frame.Text ?? string.Empty);
            socket.FrameSent += (_, frame) => seen.Add(frame.Text ?? string.Empty);
        };
        var sandbox = await _client.CreateSandboxAsync(tier: "nano", billingMethod: BillingMethod.Lightning, prepaidSats: 1000);

        await SignInAsync();
        await WaitForStateAsync(sandbox.Id, "awaiting_payment");
        await Card(sandbox.Id).Locator("button.pay").ClickAsync();
        await WaitForStateAsync(sandbox.Id, "running");
        await Card(sandbox.Id).Locator("button.open-terminal").ClickAsync();
        await Poll.UntilAsync(async () => (await ScreenLinesAsync()).Any(line => line.Contains("$ ", StringComparison.Ordinal)), "the shell's prompt on the page");
        await Page.ClickAsync("#terminal");
        await Page.Keyboard.TypeAsync("echo $((6*7))");
        await Page.Keyboard.PressAsync("Enter");
        await Poll.UntilAsync(async () => (await ScreenLinesAsync()).Any(line => line.Trim() == "42"), "42 on the page's terminal");

        seen.Add(Page.Url);
        seen.Add(await Page.ContentAsync());
        seen.Add(await Page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie + history.length + location.href"));
        seen.AddRange((await Context.CookiesAsync()).Select(cookie => cookie.Name + "=" + cookie.Value));
        var read = (await Task.WhenAll(bodies.ToList())).Where(body => body.Length > 0).ToList();
        seen.AddRange(read);

        Assert.That(signInRequests, Has.Count.EqualTo(1));
        Assert.That(signInRequests[0].Method, Is.EqualTo("POST"));
        Assert.That(read, Has.Count.GreaterThan(8), "the pages, scripts and refreshes were read");
        Assert.That(read, Has.Some.Contains("Sockt emulator").And.Some.Contains(sandbox.Id), "the dashboard page and its refreshed list among them");
        Assert.That(seen, Has.None.Contains(_emulator.AdminKey));
        Assert.That(seen, Has.None.Contains(_emulator.ApiKey));
        Assert.That(seen, Has.None.Contains("sbx_"));
        await sandbox.TerminateAsync();
    }

    private static async Task<string> ReadBodyAsync(IResponse response)
    {
        try
        {
            return response.Status == 200 ? await response.TextAsync() : string.Empty;
        }
        catch (PlaywrightException)
        {
            // A redirect's or an aborted response's body: nothing to read.
            return string.Empty;
        }
    }

    private async Task<Sandbox> StartLightningSandboxAsync()
    {
        var sandbox = await _client.CreateSandboxAsync(tier: "nano", billingMethod: BillingMethod.Lightning, prepaidSats: 5000);
        await _emulator.PayInvoiceAsync(sandbox.PendingInvoice!.PaymentHash!);
        await sandbox.WaitUntilRunningAsync(timeout: TimeSpan.FromSeconds(60));
        return sandbox;
    }

    private async Task SignInAsync()
    {
        await Page.GotoAsync(_emulator.BaseUrl.ToString());
        await Page.FillAsync("#admin_key", _emulator.AdminKey);
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForSelectorAsync("#sandboxes");
    }

    private ILocator Card(string sandboxId) => Page.Locator($"article.sandbox[data-sandbox-id='{sandboxId}']");

    private Task WaitForStateAsync(string sandboxId, string state) => Expect(Card(sandboxId)).ToHaveAttributeAsync("data-state", state);

    // Opens the sandbox's dashboard terminal WebSocket from the current page; says whether it opened.
    private Task<string> OpenSocketAsync(string sandboxId) => Page.EvaluateAsync<string>(
        """
        url => new Promise(resolve => {
          const socket = new WebSocket(url);
          socket.onopen = () => { resolve("open"); socket.close(); };
          socket.onclose = () => resolve("closed");
        })
        """,
        new UriBuilder(_emulator.BaseUrl) { Scheme = "ws", Path = $"/dashboard/sandboxes/{sandboxId}/terminal" }.Uri.ToString());

    private async Task<string[]> ScreenLinesAsync() =>
        await Page.EvaluateAsync<string[]>("""
            () => {
              if (!window.socktTerminal) return [];
              const buffer = window.socktTerminal.terminal.buffer.active;
              const lines = [];
              for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
              return lines;
            }
            """);
}
