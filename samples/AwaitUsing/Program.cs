// `await using`: the C# form of Python's `with ComputeClient(...) as client:`; the client is closed at the end of the block.
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();

await using (var client = host.CreateClient())
{
    var sandbox = await client.CreateSandboxAsync(tier: "nano");
    await sandbox.WaitUntilRunningAsync();
    var result = await sandbox.ExecAsync("echo 'inside the await using block'");
    Console.WriteLine(result.Stdout);
    await sandbox.TerminateAsync();
}
// client.DisposeAsync() called automatically (Python: client.close())

Console.WriteLine("client closed");
