// Multi-step commands: run commands one after another and stop at the first failure.
using Sockt;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();
var sandbox = await client.CreateSandboxAsync(tier: "nano");
await sandbox.WaitUntilRunningAsync();

// The Python example installs curl and jq with apt-get, then asks api.github.com for CPython's stars. Sandboxes of the
// embedded emulator have no network and see this machine's read-only system, so the same three steps run locally:
// prepare the data, check the tool is installed, and query the data with jq.
string[] commands =
[
    """mkdir -p data && echo '{"full_name": "python/cpython", "stargazers_count": 65000}' > data/repo.json""",
    "jq --version",
    "jq .stargazers_count data/repo.json",
];

foreach (var cmd in commands)
{
    var result = await sandbox.ExecAsync(cmd, new ExecOptions { Timeout = TimeSpan.FromSeconds(60) });
    if (result.ExitCode != 0)
    {
        Console.WriteLine($"Command failed: {result.Stderr}");
        break;
    }

    Console.WriteLine(result.Stdout);
}

await sandbox.TerminateAsync();
