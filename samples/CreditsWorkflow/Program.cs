// Complete credits workflow: run Python, upload a script, run it, list the home directory, terminate.
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();

await using (var client = host.CreateClient()) // Python: with ComputeClient(api_key="sockt_live_...") as client:
{
    var sandbox = await client.CreateSandboxAsync(tier: "small");
    await sandbox.WaitUntilRunningAsync();

    // The Python example runs `python`; sandboxes of the embedded emulator see this machine's system, which has python3.
    var result = await sandbox.ExecAsync("python3 --version");
    Console.WriteLine(result.Stdout);

    await sandbox.WriteFileAsync("hello.py", "print(\"Hello from Sockt!\")");
    result = await sandbox.ExecAsync("python3 hello.py");
    Console.WriteLine(result.Stdout);

    var entries = await sandbox.ListFilesAsync();
    foreach (var entry in entries)
    {
        Console.WriteLine($"{(entry.IsDir == true ? 'd' : '-')} {entry.Size,8} {entry.Name}");
    }

    await sandbox.TerminateAsync();
}
