// Interactive shell: a real terminal in the sandbox over a WebSocket.
using Sockt;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient();
var sandbox = await client.CreateSandboxAsync(tier: "nano");
await sandbox.WaitUntilRunningAsync();

var fiveSeconds = TimeSpan.FromSeconds(5);
await using (var sh = await sandbox.ConnectShellAsync()) // Python: with sandbox.shell() as sh: (connects on entry)
{

    // Python reads one frame per command (frame = sh.recv(timeout=5.0); print(frame["data"])). A terminal sends output
    // in pieces of any size (the echo of the typed line, the output, the prompt), so read until the text you expect.
    await sh.SendLineAsync("cd /tmp && mkdir -p myproject"); // -p: the sample can run twice without isolation
    Console.Write(await sh.ReadUntilAsync("myproject", fiveSeconds));

    await sh.SendLineAsync("echo $PWD");
    Console.Write(await sh.ReadUntilAsync("/tmp\r\n", fiveSeconds)); // the output line, not the prompt "sandbox:/tmp# "

    await sh.ResizeAsync(cols: 120, rows: 40);
    await sh.SendLineAsync("for i in 1 2 3; do echo $i; sleep 1; done");
    Console.Write(await sh.ReadUntilAsync("3\r\n", fiveSeconds));

    // Beyond the Python example: RunAsync returns one command's output only (no echo, no prompt); the shell keeps
    // its state between commands (still in /tmp, still 120x40).
    var output = await sh.RunAsync("ls -d myproject && stty size", fiveSeconds);
    Console.WriteLine();
    Console.WriteLine("RunAsync output:");
    Console.Write(output);
}

await sandbox.TerminateAsync();
