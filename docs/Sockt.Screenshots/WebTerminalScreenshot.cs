using Microsoft.Playwright;

namespace Sockt.Screenshots;

/// <summary>docs/images/web-terminal.png: samples/WebTerminal's page after a typed command has answered.</summary>
internal static class WebTerminalScreenshot
{
    public static async Task TakeAsync(IBrowser browser, string repositoryRoot, string outputFile, CancellationToken cancellationToken)
    {
        await using var sample = await SampleProcess.StartAsync(Path.Combine(repositoryRoot, "samples", "WebTerminal"), cancellationToken);
        Console.WriteLine($"samples/WebTerminal serves {sample.Address}");

        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 860, Height = 250 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(sample.Address.ToString());
        await PageTerminal.RunAsync(page, "echo \"hello from $(whoami) in $PWD\"; ls -la; echo $((6*7))");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = outputFile });
        Console.WriteLine($"wrote {outputFile}");
    }
}
