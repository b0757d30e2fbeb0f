// A terminal into a sandbox, in the browser: the page talks to this app, this app to Sockt. The browser never sees the
// API key or the sandbox token. Open the printed address; `SOCKT_SAMPLE_SMOKE=1` checks the page and the terminal
// once and exits (the Samples target runs it that way).
using Sockt;
using Sockt.AspNetCore;
using Sockt.Samples;
using Sockt.Samples.WebTerminal;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();
var sandbox = await client.CreateSandboxAsync(tier: "nano");
await sandbox.WaitUntilRunningAsync();

var smoke = Environment.GetEnvironmentVariable("SOCKT_SAMPLE_SMOKE") == "1";
var builder = WebApplication.CreateBuilder(args);
if (smoke)
{
    builder.WebHost.UseUrls("http://127.0.0.1:0"); // any free port
}

var app = builder.Build();
app.MapGet("/", () => Results.Content(TerminalPage.Html, "text/html; charset=utf-8"));
app.MapSocktTerminalClient("/sockt"); // sockt-terminal.js, xterm.js, xterm.css, addon-fit.js
app.MapSocktTerminal("/terminal", new SocktTerminalOptions
{
    // Authorization is the app's. This demo has one fixed user who owns this one sandbox; a real app reads
    // context.User (its own sign-in) and returns that user's sandbox, or null to refuse.
    ResolveSandbox = (context, cancellationToken) => ValueTask.FromResult<Sandbox?>(sandbox),
});

await app.StartAsync();
var address = app.Urls.First();
Console.WriteLine($"Web terminal on {address} (sandbox {sandbox.Id}); Ctrl+C stops it.");
if (smoke)
{
    await SmokeCheck.RunAsync(new Uri(address));
    await app.StopAsync();
}
else
{
    await app.WaitForShutdownAsync();
}

await sandbox.TerminateAsync();
