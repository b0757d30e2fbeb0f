using Microsoft.Playwright;

namespace Sockt.Screenshots;

/// <summary>Debian's Chromium (<c>apt-get install chromium</c>), headless; Playwright's own browser download is never used.</summary>
internal static class DebianChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            // --no-sandbox: Chromium's own sandbox cannot start as root.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
}
