// Interactive shell: a real terminal in the sandbox over a WebSocket.
using Sockt;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();
var sandbox = await client.CreateSandboxAsync(tier: "nano");
await sandbox.WaitUntilRunningAsync();

// A terminal sends output in pieces of any size (the typed command's echo, the output, the prompt), so one RecvAsync
// is not one command's output as the Python example suggests: print frames until the awaited text has come.
static async Task PrintUntilAsync(ShellSession sh, string awaited)
{
    var seen = "";
    while (!seen.Contains(awaited, StringComparison.Ordinal))
    {
        var frame = await sh.RecvAsync(timeout: TimeSpan.FromSeconds(5));
        Console.Write(frame.Data);
        seen += frame.Data;
    }
}

await using (var sh = sandbox.Shell()) // Python: with sandbox.shell() as sh:
{
    await sh.ConnectAsync();

    await sh.SendLineAsync("cd /tmp && mkdir -p myproject"); // -p: the sample can run twice without isolation
    await PrintUntilAsync(sh, "myproject");

    await sh.SendLineAsync("echo $PWD");
    await PrintUntilAsync(sh, "/tmp\r\n");

    await sh.ResizeAsync(cols: 120, rows: 40);
    await sh.SendLineAsync("for i in 1 2 3; do echo $i; sleep 1; done");
    await PrintUntilAsync(sh, "3\r\n");
}

Console.WriteLine();
await sandbox.TerminateAsync();
