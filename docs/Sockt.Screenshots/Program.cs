// Takes the screenshots of docs/images/ in Debian's Chromium. Not part of CI: run it, look at the images, commit them.
//   dotnet run --project docs/Sockt.Screenshots [-- --out DIR]
using Microsoft.Playwright;
using Sockt.Screenshots;

var root = RepositoryRoot();
var output = args.Length == 2 && args[0] == "--out" ? Path.GetFullPath(args[1]) : Path.Combine(root, "docs", "images");
Directory.CreateDirectory(output);

using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
// Expect(...) polls this long (ms) for what a screenshot must show before giving up: a sandbox's shell may take a while.
Assertions.SetDefaultExpectTimeout(60_000);
using var playwright = await Playwright.CreateAsync();
await using var browser = await DebianChromium.LaunchAsync(playwright);
await WebTerminalScreenshot.TakeAsync(browser, root, Path.Combine(output, "web-terminal.png"), timeout.Token);
await EmulatorDashboardScreenshot.TakeAsync(browser, Path.Combine(output, "emulator-dashboard.png"), timeout.Token);
return 0;

// The folder with the solution file, above wherever this program runs from.
static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Sockt.Generated.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("Sockt.Generated.sln not found above " + AppContext.BaseDirectory);
}
