using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>What bubblewrap isolation guarantees. Skipped (inconclusive) where bwrap does not work.</summary>
internal sealed class IsolationTests : EmulatorTestBase
{
    private string first = null!;
    private string second = null!;

    [OneTimeSetUp]
    public async Task CreateSandboxesAsync()
    {
        if (Emulator.Isolation != IsolationMode.Bwrap)
        {
            Assert.Inconclusive("bubblewrap is not available on this machine; isolation is not tested");
        }

        first = await NewSandboxAsync();
        second = await NewSandboxAsync();
        await Api.PostAsync($"/v1/sandboxes/{second}/files/write", Key, new { path = "secret.txt", content = "second's secret", create_dirs = true });
    }

    [Test]
    public async Task A_sandbox_cannot_see_another_sandbox_or_the_emulator_data()
    {
        var outcome = await Api.RunAsync(first, Key, $"cat {Emulator.DataDirectory}/sandboxes/{second}/home/secret.txt; ls -A {Emulator.DataDirectory}; ls -A /home; grep -r \"second's secret\" /home /tmp {Emulator.DataDirectory} 2>/dev/null; echo done");

        Assert.That(outcome.Stdout, Does.Not.Contain("second's secret"));
        Assert.That(outcome.Stdout, Does.Not.Contain(second));
        Assert.That(outcome.Stdout, Is.EqualTo("sandbox\ndone\n"));
    }

    [Test]
    public async Task The_host_root_home_is_hidden()
    {
        var outcome = await Api.RunAsync(first, Key, "ls -A /root | wc -l; ls -A /run | wc -l");

        Assert.That(outcome.Stdout, Is.EqualTo("0\n0\n"));
    }

    [Test]
    public async Task The_host_filesystem_is_read_only_and_writes_outside_home_fail()
    {
        var marker = HostProcesses.NewMarker();

        var outcome = await Api.RunAsync(first, Key, $"echo x > /etc/{marker} || echo refused; echo x > /usr/{marker} || echo refused; echo ok > /tmp/{marker} && echo tmp-ok");

        Assert.That(outcome.Stdout, Is.EqualTo("refused\nrefused\ntmp-ok\n"));
        Assert.That(File.Exists($"/etc/{marker}"), Is.False);
        Assert.That(File.Exists($"/tmp/{marker}"), Is.False, "the sandbox's /tmp is its own");
    }

    [Test]
    public async Task Processes_have_their_own_pid_namespace_and_no_emulator_environment()
    {
        var outcome = await Api.RunAsync(first, Key, "ls /proc | grep -c '^[0-9]'; env | grep -c -i -E 'sockt_live|dotnet|nunit' || true; echo $SOCKT_SANDBOX_ID");

        var lines = outcome.Stdout.Split('\n');
        Assert.That(int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(10), "only the sandbox's own processes are visible");
        Assert.That(lines[1], Is.EqualTo("0"));
        Assert.That(lines[2], Is.EqualTo(first));
    }

    [Test]
    public async Task Both_sandboxes_see_their_own_home_at_the_same_path()
    {
        await Api.PostAsync($"/v1/sandboxes/{first}/files/write", Key, new { path = "who", content = "first", create_dirs = true });

        var fromFirst = await Api.RunAsync(first, Key, "cat /home/sandbox/who; test -e /home/sandbox/secret.txt && echo leak || echo private");
        var fromSecond = await Api.RunAsync(second, Key, "cat /home/sandbox/secret.txt; test -e /home/sandbox/who && echo leak || echo private");

        Assert.That(fromFirst.Stdout, Is.EqualTo("firstprivate\n"));
        Assert.That(fromSecond.Stdout, Is.EqualTo("second's secretprivate\n"));
    }
}
