using Sockt.Emulator.Hosting;

namespace Sockt.Emulator.Tests;

internal sealed class CommandLineTests
{
    [Test]
    public void Defaults_use_the_documented_port_and_data_directory()
    {
        var options = EmulatorCommandLine.Parse([])!;

        Assert.That(options.Port, Is.EqualTo(7450));
        Assert.That(options.DataDirectory, Is.EqualTo(".emulator-data"));
        Assert.That(options.ConfigureLogging, Is.Not.Null);
    }

    [Test]
    public void Every_option_maps_to_the_options_class()
    {
        var tiers = Path.GetTempFileName();
        File.WriteAllText(tiers, "{\"tiers\":[{\"tier\":\"tiny\",\"msats_per_second\":7,\"usd_cents_per_second\":0.001}]}");
        try
        {
            var options = EmulatorCommandLine.Parse(
            [
                "--port", "0", "--data-dir", "/tmp/x", "--api-key", "sockt_live_a", "--api-key", "sockt_live_b",
                "--admin-key", "sockt_admin_z", "--anonymous-creates", "4",
                "--public-url", "http://sockt.test:7450", "--allowed-host", "dev-box.internal",
                "--boot-delay", "2s", "--isolation", "none", "--network", "outbound", "--rate-limit", "5", "--max-executions", "3",
                "--tiers", tiers, "--exec-output", "cumulative", "--credits-cents", "42", "--low-balance-seconds", "9",
                "--no-real-time-metering", "--max-body-bytes", "2048",
            ])!;

            Assert.Multiple(() =>
            {
                Assert.That(options.Port, Is.Zero);
                Assert.That(options.DataDirectory, Is.EqualTo("/tmp/x"));
                Assert.That(options.ApiKeys, Is.EqualTo(new[] { "sockt_live_a", "sockt_live_b" }));
                Assert.That(options.AdminKey, Is.EqualTo("sockt_admin_z"));
                Assert.That(options.AnonymousCreatesPerMinute, Is.EqualTo(4));
                Assert.That(options.PublicUrl, Is.EqualTo(new Uri("http://sockt.test:7450")));
                Assert.That(options.AllowedHosts, Is.EqualTo(new[] { "dev-box.internal" }));
                Assert.That(options.BootDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
                Assert.That(options.Isolation, Is.EqualTo(IsolationMode.None));
                Assert.That(options.Network, Is.EqualTo(SandboxNetwork.Outbound));
                Assert.That(options.RateLimitPerMinute, Is.EqualTo(5));
                Assert.That(options.MaxConcurrentExecutions, Is.EqualTo(3));
                Assert.That(options.Tiers!.Single().Name, Is.EqualTo("tiny"));
                Assert.That(options.Tiers!.Single().MsatsPerSecond, Is.EqualTo(7));
                Assert.That(options.ExecOutputMode, Is.EqualTo(ExecOutputMode.Cumulative));
                Assert.That(options.AccountCreditsCents, Is.EqualTo(42));
                Assert.That(options.LowBalanceSeconds, Is.EqualTo(9));
                Assert.That(options.MeterRealTime, Is.False);
                Assert.That(options.MaxRequestBodyBytes, Is.EqualTo(2048));
            });
        }
        finally
        {
            File.Delete(tiers);
        }
    }

    [TestCase("250ms", 250)]
    [TestCase("0", 0)]
    [TestCase("1500", 1500)]
    [TestCase("1.5s", 1500)]
    public void Boot_delay_accepts_durations(string value, int milliseconds) =>
        Assert.That(EmulatorCommandLine.Parse(["--boot-delay", value])!.BootDelay, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));

    [TestCase("--port", "70000")]
    [TestCase("--port", "abc")]
    [TestCase("--isolation", "docker")]
    [TestCase("--boot-delay", "-1")]
    [TestCase("--exec-output", "streaming")]
    [TestCase("--tiers", "/nonexistent/tiers.json")]
    [TestCase("--bogus", "1")]
    public void Bad_values_throw_argument_exceptions(string name, string value) =>
        Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse([name, value]));

    [Test]
    public void A_missing_value_throws() => Assert.Throws<ArgumentException>(() => EmulatorCommandLine.Parse(["--port"]));

    [Test]
    public void Help_returns_null_and_the_help_lists_every_option()
    {
        Assert.That(EmulatorCommandLine.Parse(["--help"]), Is.Null);
        var help = new StringWriter();
        EmulatorCommandLine.CreateRootCommand().Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = help });
        foreach (var option in new[] { "--port", "--data-dir", "--api-key", "--admin-key", "--anonymous-creates", "--public-url", "--allowed-host", "--boot-delay", "--isolation", "--network", "--rate-limit", "--tiers", "--exec-output", "--credits-cents", "--no-real-time-metering", "--max-body-bytes", "--version" })
        {
            Assert.That(help.ToString(), Does.Contain(option));
        }
    }

    [Test]
    public void The_version_is_the_package_version_with_the_commit()
    {
        // MinVer's version (0.2.0-alpha.0.N before the first tag), then +<commit sha> from SourceLink.
        Assert.That(EmulatorVersion.Informational, Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?\+[0-9a-f]{40}$"));
    }
}
