// Read results: a command writes a result file in the sandbox; read it back.
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();
var sandbox = await client.CreateSandboxAsync(tier: "nano");
await sandbox.WaitUntilRunningAsync();

// Not in the Python example, which assumes a job already wrote results/output.json: write it now.
await sandbox.ExecAsync("""mkdir -p results && python3 -c 'import json; print(json.dumps({"status": "ok", "rows": 3}))' > results/output.json""");

var output = await sandbox.ReadFileAsync("results/output.json");
Console.WriteLine(output);

await sandbox.TerminateAsync();
