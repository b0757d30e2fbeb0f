// Error handling: retry when there is no capacity, report a sandbox that does not start, check exit codes,
// and catch the typed errors.
using Sockt;
using Sockt.Emulator;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();

// The embedded emulator always has capacity: make it answer the first create with 503 no_capacity, as a busy service would.
host.SimulateFault(new EmulatorFault { Route = "POST /v1/sandboxes", Status = 503, Code = "no_capacity", Times = 1 });

Sandbox? sandbox = null;
for (var attempt = 0; attempt < 3; attempt++)
{
    try
    {
        sandbox = await client.CreateSandboxAsync(tier: "gpu-small");
        break;
    }
    catch (NoCapacityException) when (attempt < 2) // the last attempt lets the exception through
    {
        Console.WriteLine($"No GPU pods available (attempt {attempt + 1}); retrying");
        await Task.Delay(TimeSpan.FromSeconds(attempt + 1)); // Python waits 5 s * attempt; shortened for the demo
    }
}

try
{
    await sandbox!.WaitUntilRunningAsync(timeout: TimeSpan.FromSeconds(180));
}
catch (SandboxNotRunningException e)
{
    Console.WriteLine($"Sandbox failed to start: {e.Message}");
    await sandbox!.TerminateAsync();
    throw;
}

var result = await sandbox.ExecAsync("might-fail-command");
if (result.ExitCode != 0)
{
    Console.WriteLine($"Command failed with exit code {result.ExitCode}");
    Console.WriteLine($"stderr: {result.Stderr}");
}

await sandbox.TerminateAsync();

// The typed errors (Python's except chain): here a wrong API key gets 401 from the service.
var badKey = host.ClientOptions;
badKey.ApiKey = "sockt_live_not-a-real-key";
using var wrongClient = new ComputeClient(badKey);
try
{
    await wrongClient.CreateSandboxAsync(tier: "gpu-small");
}
catch (AuthenticationException)
{
    Console.WriteLine("Invalid API key");
}
catch (NoCapacityException)
{
    Console.WriteLine("No GPU pods available, try again later");
}
catch (RateLimitedException)
{
    Console.WriteLine("Too many requests, slow down");
}
catch (SocktException e)
{
    Console.WriteLine($"API error ({e.StatusCode}): {e.Message}");
}
