// Quick Start: create a sandbox, run a command, print its output, destroy the sandbox.
// Runs against an emulator embedded in this process, unless SOCKT_API_URL / SOCKT_API_KEY point at a real service.
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
var client = host.CreateClient(); // Python: ComputeClient(api_key="sockt_live_...")

var sandbox = await client.CreateSandboxAsync(tier: "nano");
await sandbox.WaitUntilRunningAsync();
var result = await sandbox.ExecAsync("echo hello");
Console.WriteLine(result.Stdout); // "hello\n"
await sandbox.TerminateAsync();
client.Dispose(); // Python: client.close()
