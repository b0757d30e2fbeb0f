using System.Net.WebSockets;
using System.Text;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>Hostile or broken shell clients: oversize and bad frames, and clients that vanish.</summary>
internal sealed class ShellFrameTests : EmulatorTestBase
{
    private const int Limit = 1024 * 1024;

    [TestCase(WebSocketMessageType.Binary)]
    [TestCase(WebSocketMessageType.Text)]
    public async Task An_oversize_message_closes_with_1009_and_none_of_it_reaches_the_shell(WebSocketMessageType type)
    {
        var id = await NewSandboxAsync();
        await using var shell = await ShellClient.ConnectAsync(await ShellUrlAsync(id), Key);
        var commands = "touch first-marker\n" + new string('#', Limit) + "\ntouch last-marker\n";
        var message = type == WebSocketMessageType.Binary
            ? Encoding.UTF8.GetBytes(commands)
            : Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { type = "input", data = commands }));

        try
        {
            await shell.SendRawAsync(message, type);
        }
        catch (WebSocketException)
        {
            // The server may close before the client finished sending.
        }

        await shell.WaitForCloseAsync();
        var files = await Api.RunAsync(id, Key, "ls -a");

        Assert.That(shell.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        Assert.That(shell.Frames.Any(f => f.Type == "error" && f.Data.Contains("too large", StringComparison.Ordinal)), Is.True);
        Assert.That(files.Stdout, Does.Not.Contain("marker"), "no part of the message was typed into the shell");
        await using var again = await ShellClient.ConnectAsync(await ShellUrlAsync(id), Key);
        await again.InputAsync("echo again-$((1+1))\n");
        await again.ReadUntilAsync(c => c.Stdout.Contains("again-2", StringComparison.Ordinal), "a new session to work");
    }

    [Test]
    public async Task Bad_frames_get_error_frames_and_the_session_stays_usable()
    {
        var id = await NewSandboxAsync();
        await using var shell = await ShellClient.ConnectAsync(await ShellUrlAsync(id), Key);
        string[] bad =
        [
            "{\"type\":\"input\",\"data\":\"\\ud800\"}",
            "{\"type\":\"\\udc00\"}",
            "{\"type\":\"bogus\"}",
            "{\"type\":7}",
            "not json",
            "[1,2]",
            "{\"type\":\"input\",\"data\":5}",
            "{\"type\":\"resize\",\"cols\":0,\"rows\":10}",
        ];

        foreach (var frame in bad)
        {
            await shell.SendRawAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text);
        }

        await shell.InputAsync("echo still-$((40+2))\n");
        await shell.ReadUntilAsync(c => c.Stdout.Contains("still-42", StringComparison.Ordinal) && c.Frames.Count(f => f.Type == "error") >= bad.Length, "an error per bad frame, then the command's output");

        Assert.That(shell.Frames.Count(f => f.Type == "error"), Is.EqualTo(bad.Length));
        Assert.That(shell.CloseStatus, Is.Null, "the session stays open");
    }

    [Test]
    public async Task A_client_that_vanishes_ends_its_shell_and_every_process_in_it()
    {
        var id = await NewSandboxAsync();
        var marker = HostProcesses.NewMarker();
        var shell = await ShellClient.ConnectAsync(await ShellUrlAsync(id), Key);
        await shell.InputAsync($"sh -c 'sleep 600; true' {marker}\n");
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) > 0, "the shell command to run");

        shell.Abort();

        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "the vanished client's shell processes to end");
        await shell.DisposeAsync();
    }

    [Test]
    public async Task A_client_that_sends_invalid_utf8_and_then_vanishes_ends_its_shell()
    {
        var id = await NewSandboxAsync();
        var marker = HostProcesses.NewMarker();
        var shell = await ShellClient.ConnectAsync(await ShellUrlAsync(id), Key);
        await shell.InputAsync($"sh -c 'sleep 600; true' {marker}\n");
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) > 0, "the shell command to run");

        // Invalid UTF-8 in a text message: the server closes with 1007; this client never answers the close.
        await shell.SendRawAsync([0x7b, 0xff, 0xfe, 0x7d], WebSocketMessageType.Text);
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "the shell's processes to end after the 1007 close");
        shell.Abort();
        await shell.DisposeAsync();
    }

    private async Task<Uri> ShellUrlAsync(string id) => new((await Api.GetAsync($"/v1/sandboxes/{id}/shell-url", Key)).Str("url"));
}
