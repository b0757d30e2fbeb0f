// run_in_sandbox: a helper that runs one command in a fresh sandbox and always destroys the sandbox afterwards.
using Sockt;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();

// Python's helper takes an api_key; here the options carry the key (and the emulator's address when emulated).
static async Task<string> RunInSandboxAsync(ComputeClientOptions options, string command, string tier = "nano", CancellationToken cancellationToken = default)
{
    await using var client = new ComputeClient(options);
    var sandbox = await client.CreateSandboxAsync(tier: tier, cancellationToken: cancellationToken);
    try
    {
        await sandbox.WaitUntilRunningAsync(cancellationToken: cancellationToken);
        var result = await sandbox.ExecAsync(command, cancellationToken: cancellationToken);
        return result.Stdout;
    }
    finally
    {
        await sandbox.TerminateAsync(cancellationToken: CancellationToken.None);
    }
}

Console.Write(await RunInSandboxAsync(host.ClientOptions, "echo 'Hello from run_in_sandbox'; uname -s"));
