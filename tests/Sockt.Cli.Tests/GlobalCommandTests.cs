using System.Reflection;
using Newtonsoft.Json.Linq;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary>--version, tiers, completion, and how failures and credentials are reported.</summary>
public sealed class GlobalCommandTests : CliTestBase
{
    [Test]
    public async Task Version_prints_the_package_version()
    {
        var result = await RunOkAsync("--version");
        var expected = FileVersionOf(CliProcess.ExecutablePath + ".dll");
        Assert.That(result.Stdout.Trim(), Is.EqualTo(expected));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task Tiers_prints_the_official_table_on_stdout()
    {
        var result = await RunOkAsync("tiers");
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.Match(@"^TIER\s+SATS/SEC\s+USD/HOUR\s+SATS/HOUR\s+SATS/DAY$"));
            Assert.That(lines, Has.Some.Match(@"^nano\s+0\.50\s+0\.01\s+1800\s+43200$"));
            Assert.That(lines, Has.Some.Match(@"^gpu-small\s+25\.00\s+0\.50\s+90000\s+2160000$"));
            Assert.That(result.Stderr, Is.Empty);
        });
    }

    [Test]
    public async Task Tiers_needs_no_credential_and_json_parses_back()
    {
        var result = await RunAsync(["tiers", "--json"], [], UserEnvironment(("SOCKT_API_KEY", null)));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var tiers = (JArray)JToken.Parse(result.Stdout);
        var nano = tiers.Single(t => (string?)t["tier"] == "nano");
        Assert.That((long)nano["msats_per_second"]!, Is.EqualTo(500));
    }

    [Test]
    public async Task An_unknown_sandbox_is_an_error_on_stderr_with_exit_code_1()
    {
        var result = await RunAsync("sandbox", "status", "sb_doesnotexist");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stdout, Is.Empty);
            Assert.That(result.Stderr, Does.StartWith("Error: API error (404): not_found"));
        });
    }

    [Test]
    public async Task A_401_names_the_credential_by_kind_and_source_never_its_value()
    {
        const string badKey = "sockt_live_not-a-real-key";
        var fromEnvironment = await RunAsync(["sandbox", "status", "sb_x"], [], UserEnvironment(("SOCKT_API_KEY", badKey)));
        var fromFlag = await RunAsync(["--token", "sbx_made_up_token", "sandbox", "status", "sb_x"], [], UserEnvironment());
        Assert.Multiple(() =>
        {
            Assert.That(fromEnvironment.ExitCode, Is.EqualTo(1));
            Assert.That(fromEnvironment.Stderr, Does.StartWith("Error: API error (401)").And.Contain("the API key from SOCKT_API_KEY"));
            Assert.That(fromEnvironment.Stderr, Does.Not.Contain(badKey));
            Assert.That(fromFlag.ExitCode, Is.EqualTo(1));
            Assert.That(fromFlag.Stderr, Does.Contain("(sent the sandbox token from --token)"));
            Assert.That(fromFlag.Stderr, Does.Not.Contain("sbx_made_up_token"));
        });
    }

    [Test]
    public async Task The_token_flag_wins_over_the_environment()
    {
        var flagGood = await RunAsync(["--token", PrimaryApiKey, "tiers"], [], UserEnvironment(("SOCKT_SANDBOX_TOKEN", "sbx_stale"), ("SOCKT_API_KEY", "sockt_live_bad")));
        var sandbox = await RunningSandboxAsync();
        var flagGoodStatus = await RunAsync(["sandbox", "status", sandbox.Id, "--token", PrimaryApiKey], [], UserEnvironment(("SOCKT_SANDBOX_TOKEN", "sbx_stale")));
        var environmentTokenBeatsKey = await RunAsync(["sandbox", "status", sandbox.Id], [], UserEnvironment(("SOCKT_SANDBOX_TOKEN", "sbx_stale")));
        Assert.Multiple(() =>
        {
            Assert.That(flagGood.ExitCode, Is.Zero, flagGood.ToString());
            Assert.That(flagGoodStatus.ExitCode, Is.Zero, flagGoodStatus.ToString());
            Assert.That(environmentTokenBeatsKey.ExitCode, Is.EqualTo(1));
            Assert.That(environmentTokenBeatsKey.Stderr, Does.Contain("the sandbox token from SOCKT_SANDBOX_TOKEN"));
        });
    }

    [Test]
    public async Task A_bad_command_line_exits_with_1_and_says_why_on_stderr()
    {
        var result = await RunAsync("sandbox", "create", "--billing", "cash");
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.Contain("cash"));
        });
    }

    [TestCase("bash", "complete -o default -F _sockt_complete sockt")]
    [TestCase("zsh", "compdef _sockt_complete sockt")]
    [TestCase("pwsh", "Register-ArgumentCompleter -Native -CommandName sockt")]
    public async Task Completion_prints_a_script_per_shell(string shell, string line)
    {
        var result = await RunOkAsync("completion", shell);
        Assert.That(result.Stdout, Does.Contain(line));
    }

    [Test]
    public async Task The_completion_scripts_query_answers_with_commands_and_options()
    {
        // What the scripts run: System.CommandLine's [suggest] directive with the cursor position and the line.
        var commands = await RunOkAsync("[suggest:9]", "sockt san");
        var options = await RunOkAsync("[suggest:24]", "sockt sandbox create --ti");
        Assert.Multiple(() =>
        {
            Assert.That(commands.Stdout.Split('\n').Select(l => l.Trim()), Does.Contain("sandbox"));
            Assert.That(options.Stdout.Split('\n').Select(l => l.Trim()), Does.Contain("--tier"));
        });
    }

    private static string FileVersionOf(string path) =>
        Assembly.LoadFile(path).GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
}
