using Microsoft.Playwright;

namespace Sockt.Web.Tests;

/// <summary>Debian's Chromium (/usr/bin/chromium; .ci/run installs it), headless; Playwright's own browser download is never used (and cannot work here).</summary>
internal static class DebianChromium
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        // --no-sandbox: the tests run as root, where Chromium's own sandbox cannot start.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
}
