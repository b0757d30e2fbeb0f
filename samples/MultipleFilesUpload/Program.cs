// Multiple files upload: send local files (and one built in code) to the sandbox.
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();
var sandbox = await client.CreateSandboxAsync(tier: "nano");
await sandbox.WaitUntilRunningAsync();

// main.py and requirements.txt ship next to this sample (copied to the output folder by the .csproj).
var local = Path.Combine(AppContext.BaseDirectory, "project");
var files = new Dictionary<string, string>
{
    ["main.py"] = await File.ReadAllTextAsync(Path.Combine(local, "main.py")),
    ["requirements.txt"] = await File.ReadAllTextAsync(Path.Combine(local, "requirements.txt")),
    ["config.json"] = """{"debug": true, "port": 8080}""",
};

foreach (var (path, content) in files)
{
    var written = await sandbox.WriteFileAsync(path, content);
    Console.WriteLine($"uploaded {path} ({written.BytesWritten} bytes)");
}

// Not in the Python example: run the uploaded program to show the files arrived together.
var result = await sandbox.ExecAsync("python3 main.py");
Console.WriteLine(result.Stdout);

await sandbox.TerminateAsync();
