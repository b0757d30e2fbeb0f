using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sockt.Emulator;
using Sockt.Models;

namespace Sockt.Screenshots;

/// <summary>
/// docs/images/emulator-dashboard.png: the emulator's dashboard, signed in with the admin key, showing a Lightning
/// sandbox awaiting payment (its invoice's QR code and Pay button) and a running sandbox with an execution's output
/// and its terminal open.
/// </summary>
internal static class EmulatorDashboardScreenshot
{
    public static async Task TakeAsync(IBrowser browser, string outputFile, CancellationToken cancellationToken)
    {
        await using var emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.Zero }, cancellationToken);
        using var client = new ComputeClient(new ComputeClientOptions { BaseUrl = emulator.BaseUrl, ApiKey = emulator.ApiKey });
        Console.WriteLine($"emulator on {emulator.BaseUrl}");

        var running = await client.CreateSandboxAsync(tier: "small", label: "build-agent", cancellationToken: cancellationToken);
        await running.WaitUntilRunningAsync(cancellationToken: cancellationToken);
        await running.ExecAsync("python3 --version && python3 -c 'print(6*7)'", cancellationToken: cancellationToken);
        var awaitingPayment = await client.CreateSandboxAsync(tier: "nano", billingMethod: BillingMethod.Lightning, prepaidSats: 2000, label: "lightning-demo", cancellationToken: cancellationToken);

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1100 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(emulator.BaseUrl.ToString());
        await page.FillAsync("#admin_key", emulator.AdminKey);
        await page.ClickAsync("button[type=submit]");

        // Both cards in their state, the QR code loaded, the execution's output shown; Expect polls until then.
        var runningCard = Card(page, running.Id);
        var lightningCard = Card(page, awaitingPayment.Id);
        await Assertions.Expect(runningCard).ToHaveAttributeAsync("data-state", "running");
        await Assertions.Expect(lightningCard).ToHaveAttributeAsync("data-state", "awaiting_payment");
        await Assertions.Expect(runningCard.Locator("pre.output").First).ToContainTextAsync(new Regex("(^|\n)42(\n|$)"));
        await page.WaitForFunctionAsync("img => img.complete && img.naturalWidth > 0", await lightningCard.Locator("img.qr").ElementHandleAsync());

        // The running sandbox's terminal, with a command's answer on it. xterm.js draws nothing while it is scrolled out
        // of view, so the page is as tall as the whole dashboard.
        await runningCard.Locator("button.open-terminal").ClickAsync();
        await PageTerminal.RunAsync(page, "echo \"hello from $(whoami)\"; echo $((6*7))");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = outputFile, FullPage = true });
        Console.WriteLine($"wrote {outputFile}");

        await running.TerminateAsync(cancellationToken: cancellationToken);
        await awaitingPayment.TerminateAsync(cancellationToken: cancellationToken);
    }

    private static ILocator Card(IPage page, string sandboxId) => page.Locator($"article.sandbox[data-sandbox-id='{sandboxId}']");
}
