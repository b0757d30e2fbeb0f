using System.Text;
using Newtonsoft.Json.Linq;

namespace Sockt.Cli.Tests.Infrastructure;

/// <summary>
/// An emulator for the fixture (the end-to-end suite's <see cref="EmulatorTestBase"/>) and helpers that run the real
/// <c>sockt</c> executable against it with <c>SOCKT_API_URL</c> and <c>SOCKT_API_KEY</c> set, as a user would.
/// </summary>
public abstract class CliTestBase : EmulatorTestBase
{
    /// <summary>The environment of a user pointed at this emulator with the primary key, plus <paramref name="changes"/>.</summary>
    protected Dictionary<string, string?> UserEnvironment(params (string Name, string? Value)[] changes)
    {
        var environment = new Dictionary<string, string?>
        {
            ["SOCKT_API_URL"] = Emulator.BaseUrl.ToString(),
            ["SOCKT_API_KEY"] = PrimaryApiKey,
        };
        foreach (var (name, value) in changes)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Runs <c>sockt args...</c> to the end with an empty stdin.</summary>
    protected Task<CliResult> RunAsync(params string[] args) => RunAsync(args, [], UserEnvironment());

    /// <summary>Runs <c>sockt args...</c> to the end with <paramref name="stdin"/> piped in.</summary>
    protected static async Task<CliResult> RunAsync(string[] args, byte[] stdin, IReadOnlyDictionary<string, string?> environment)
    {
        await using var process = CliProcess.Start(args, environment);
        await process.WriteStdinAsync(stdin);
        return await process.WaitAsync();
    }

    /// <summary>Runs and asserts exit code 0 and an empty stderr unless <paramref name="allowStderr"/>.</summary>
    protected async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        return result;
    }

    /// <summary>Runs with <c>--json</c> and parses stdout back (one JSON document).</summary>
    protected async Task<JToken> RunJsonAsync(params string[] args)
    {
        var result = await RunOkAsync(["--json", .. args]);
        return JToken.Parse(result.Stdout);
    }

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
