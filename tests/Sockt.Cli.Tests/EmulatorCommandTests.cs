using System.Text.RegularExpressions;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary><c>sockt emulator</c>: runs in the foreground, prints what a user needs, serves, stops cleanly on a signal.</summary>
public sealed class EmulatorCommandTests
{
    // SIGTERM only: a test run started in the background of a non-interactive shell inherits an ignored SIGINT, which
    // the child inherits too. Ctrl+C itself was checked by hand in tmux (and exec's Ctrl+C test covers the CLI's path).
    [Test]
    public async Task Prints_url_keys_and_export_lines_serves_the_cli_and_stops_on_sigterm()
    {
        var data = Path.Combine(Path.GetTempPath(), "sockt-cli-emulator-" + Guid.NewGuid().ToString("N")[..8]);
        await using var emulator = CliProcess.Start(["emulator", "--port", "0", "--boot-delay", "0", "--data-dir", data], new Dictionary<string, string?>());
        await emulator.WriteStdinAsync([]);
        var banner = await Poll.UntilAsync(() => Task.FromResult(emulator.StdoutText), text => text.Contains("Press Ctrl+C", StringComparison.Ordinal), "the banner");

        var url = Regex.Match(banner, @"^export SOCKT_API_URL=(\S+)$", RegexOptions.Multiline).Groups[1].Value;
        var key = Regex.Match(banner, @"^export SOCKT_API_KEY=(\S+)$", RegexOptions.Multiline).Groups[1].Value;
        Assert.Multiple(() =>
        {
            Assert.That(banner, Does.Match(@"listening on http://127\.0\.0\.1:\d+"));
            Assert.That(banner, Does.Match(@"API key:\s+sockt_live_"));
            Assert.That(banner, Does.Match(@"Admin key:\s+sockt_admin_"));
            Assert.That(banner, Does.Match(@"Dashboard:\s+http://127\.0\.0\.1:\d+/ \(sign in with the admin key\)"));
            Assert.That(url, Does.StartWith("http://127.0.0.1:"));
            Assert.That(key, Does.StartWith("sockt_live_"));
        });

        // The export lines are all another terminal needs.
        var environment = new Dictionary<string, string?> { ["SOCKT_API_URL"] = url, ["SOCKT_API_KEY"] = key };
        await using (var create = CliProcess.Start(["sandbox", "create", "--wait"], environment))
        {
            await create.WriteStdinAsync([]);
            var created = await create.WaitAsync();
            Assert.That(created.ExitCode, Is.Zero, created.ToString());
            await using var exec = CliProcess.Start(["exec", created.Stdout.Trim(), "echo", "offline"], environment);
            await exec.WriteStdinAsync([]);
            Assert.That((await exec.WaitAsync()).Stdout, Is.EqualTo("offline\n"));
        }

        emulator.Signal(CliProcess.SigTerm);
        var stopped = await emulator.WaitAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stopped.ExitCode, Is.Zero, stopped.ToString());
            Assert.That(stopped.Stdout, Does.Contain("Stopping: terminating every sandbox"));
        });
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Test]
    public async Task Help_lists_the_emulators_own_options_and_a_bad_value_exits_with_2()
    {
        await using var help = CliProcess.Start(["emulator", "--help"], new Dictionary<string, string?>());
        await help.WriteStdinAsync([]);
        var helped = await help.WaitAsync();
        await using var bad = CliProcess.Start(["emulator", "--boot-delay", "soon"], new Dictionary<string, string?>());
        await bad.WriteStdinAsync([]);
        var refused = await bad.WaitAsync();
        Assert.Multiple(() =>
        {
            Assert.That(helped.ExitCode, Is.Zero);
            Assert.That(helped.Stdout, Does.Contain("--boot-delay").And.Contain("--isolation").And.Contain("--network").And.Contain("--admin-key"));
            Assert.That(refused.ExitCode, Is.EqualTo(2));
            Assert.That(refused.Stderr, Does.StartWith("sockt emulator: --boot-delay must be a duration"));
        });
    }
}
