using System.Net;
using System.Net.WebSockets;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class ShellTests : EmulatorTestBase
{
    private async Task<Uri> ShellUrlAsync(string id, string token)
    {
        var response = await Api.GetAsync($"/v1/sandboxes/{id}/shell-url", token);
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        return new Uri(response.Str("url"));
    }

    [Test]
    public async Task Shell_url_points_at_the_emulator_websocket()
    {
        var id = await NewSandboxAsync();

        var url = await ShellUrlAsync(id, Key);

        Assert.That(url.ToString(), Is.EqualTo($"ws://{Emulator.BaseUrl.Authority}/v1/sandboxes/{id}/shell"));
    }

    [Test]
    public async Task The_shell_is_a_real_terminal_that_follows_resize_frames()
    {
        var id = await NewSandboxAsync();
        await using var shell = await ShellClient.ConnectAsync(await ShellUrlAsync(id, Key), Key);

        await shell.SendAsync(new { type = "resize", cols = 101, rows = 33 });
        await shell.InputAsync("stty size; [ -t 0 ] && echo TTY-$((20+1)); pwd\n");

        var home = Emulator.Isolation == IsolationMode.Bwrap ? "/home/sandbox" : Emulator.DataDirectory;
        await shell.ReadUntilAsync(c => c.Stdout.Contains("33 101", StringComparison.Ordinal) && c.Stdout.Contains("TTY-21", StringComparison.Ordinal) && c.Stdout.Contains(home, StringComparison.Ordinal), "stty, tty test and pwd output");
        Assert.That(shell.Stdout.IndexOf("33 101", StringComparison.Ordinal), Is.LessThan(shell.Stdout.IndexOf("TTY-21", StringComparison.Ordinal)), "output keeps its order");
    }

    [Test]
    public async Task Ctrl_c_interrupts_the_foreground_command()
    {
        var id = await NewSandboxAsync();
        await using var shell = await ShellClient.ConnectAsync(await ShellUrlAsync(id, Key), Key);

        var marker = HostProcesses.NewMarker();
        await shell.InputAsync($"bash -c 'sleep 300; echo SLEPT-$((1+1)) {marker}'\n");
        // Ctrl+C must reach the running command, not a shell that is still starting up.
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) > 0, "the command to run");
        await shell.InputAsync("\u0003");
        await shell.InputAsync("echo AFTER-$((40+2))\n");

        await shell.ReadUntilAsync(c => c.Stdout.Contains("AFTER-42", StringComparison.Ordinal), "the prompt after Ctrl+C");
        Assert.That(shell.Stdout, Does.Not.Contain("SLEPT-2"));
        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "the interrupted command to be gone");
    }

    [Test]
    public async Task Multibyte_output_is_never_split_and_exit_closes_normally()
    {
        var id = await NewSandboxAsync();
        await using var shell = await ShellClient.ConnectAsync(await ShellUrlAsync(id, Key), Key);

        await shell.InputAsync("for i in $(seq 1 3000); do printf '✓€'; done; echo; echo END-$((2*5))\n");
        await shell.ReadUntilAsync(c => c.Stdout.Contains("END-10", StringComparison.Ordinal), "the end marker");
        await shell.InputAsync("exit\n");
        await shell.WaitForCloseAsync();

        Assert.That(shell.Stdout, Does.Contain(string.Concat(Enumerable.Repeat("✓€", 3000))));
        Assert.That(shell.Stdout, Does.Not.Contain("\uFFFD"));
        Assert.That(shell.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task Dials_without_the_right_credential_or_to_a_stopped_sandbox_are_refused()
    {
        var id = await NewSandboxAsync();
        var url = await ShellUrlAsync(id, Key);
        var lightning = await Api.CreateLightningSandboxAsync();
        var paused = await NewSandboxAsync();
        var pausedUrl = await ShellUrlAsync(paused, Key);
        await Api.PostAsync($"/v1/sandboxes/{paused}/pause", Key);

        Assert.That(await ShellClient.RefusedStatusAsync(url, null), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ShellClient.RefusedStatusAsync(url, "sockt_live_wrong"), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await ShellClient.RefusedStatusAsync(url, lightning.Token), Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await ShellClient.RefusedStatusAsync(pausedUrl, Key), Is.EqualTo(HttpStatusCode.Conflict));
    }

    [Test]
    public async Task A_lightning_shell_gets_billing_frames_and_closes_when_the_balance_runs_out()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 1000);
        await Emulator.PayInvoiceAsync(sandbox.PaymentHash);
        await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");
        var url = new Uri((await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}/shell-url?sandbox_token={sandbox.Token}")).Str("url") + "?sandbox_token=" + sandbox.Token);
        await using var shell = await ShellClient.ConnectAsync(url, bearer: null);
        await shell.InputAsync("echo READY-$((3*3))\n");
        await shell.ReadUntilAsync(c => c.Stdout.Contains("READY-9", StringComparison.Ordinal), "the shell");

        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800));
        await shell.ReadUntilAsync(c => c.Frames.Any(f => f.Type == "deposit_required"), "billing frames");
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(600));
        await shell.WaitForCloseAsync();

        var types = shell.Frames.Select(f => f.Type).Where(t => t != "stdout").ToList();
        Assert.That(types, Is.EqualTo(new[] { "low_balance", "deposit_required", "out_of_balance", "error" }));
        Assert.That(shell.Frames.First(f => f.Type == "deposit_required").Data, Does.Contain("lnbcrt"));
        Assert.That(shell.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task A_notice_raised_as_soon_as_the_dial_returns_is_not_lost()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 1000);
        await Emulator.PayInvoiceAsync(sandbox.PaymentHash);
        await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");
        var url = new Uri((await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}/shell-url?sandbox_token={sandbox.Token}")).Str("url") + "?sandbox_token=" + sandbox.Token);
        await using var shell = await ShellClient.ConnectAsync(url, bearer: null);

        // No round trip first: the server may still be starting the terminal.
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1800));

        await shell.ReadUntilAsync(c => c.Frames.Any(f => f.Type == "deposit_required"), "billing frames");
        Assert.That(shell.Frames.Select(f => f.Type).Where(t => t != "stdout"), Is.EqualTo(new[] { "low_balance", "deposit_required" }));
    }

    [Test]
    public async Task Pausing_ends_the_session_and_bad_frames_do_not()
    {
        var id = await NewSandboxAsync();
        await using var shell = await ShellClient.ConnectAsync(await ShellUrlAsync(id, Key), Key);
        await shell.SendAsync(new { type = "resize", cols = 0, rows = 10 });
        await shell.SendAsync(new { type = "mystery" });
        await shell.SendAsync(new { type = "input", data = 5 });
        await shell.InputAsync("echo ALIVE-$((5+5))\n");
        await shell.ReadUntilAsync(c => c.Stdout.Contains("ALIVE-10", StringComparison.Ordinal), "the shell to keep working");

        await Api.PostAsync($"/v1/sandboxes/{id}/pause", Key);
        await shell.WaitForCloseAsync();

        Assert.That(shell.Frames.Count(f => f.Type == "error"), Is.EqualTo(4), "bad resize, unknown type, bad input and the pause notice");
        Assert.That(shell.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
    }

    [Test]
    public async Task Disposing_the_emulator_with_an_open_shell_leaves_no_process()
    {
        var marker = HostProcesses.NewMarker();
        var emulator = await SocktEmulator.StartAsync(new SocktEmulatorOptions { BootDelay = TimeSpan.Zero, RateLimitPerMinute = 0 });
        ShellClient? shell = null;
        try
        {
            using var api = new EmulatorApi(emulator.BaseUrl);
            var id = await api.CreateCreditsSandboxAsync(emulator.ApiKey);
            var url = new Uri((await api.GetAsync($"/v1/sandboxes/{id}/shell-url", emulator.ApiKey)).Str("url"));
            shell = await ShellClient.ConnectAsync(url, emulator.ApiKey);
            await shell.InputAsync($"bash -c 'sleep 600; echo {marker}'\n");
            await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) > 0, "the shell command to run");
        }
        finally
        {
            await emulator.DisposeAsync();
        }

        await Poll.UntilAsync(() => HostProcesses.CountWithMarker(marker) == 0, "the shell's processes to be gone");
        await shell.DisposeAsync();
    }
}
