using System.Diagnostics;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary>
/// samples/CliScripting/scripting-with-cleanup.sh (the official README's "Scripting with Cleanup") runs with `sockt`
/// on the PATH against an emulator.
/// </summary>
public sealed class ScriptingSampleTests : CliTestBase
{
    [Test]
    public async Task The_scripting_with_cleanup_workflow_runs_against_the_emulator()
    {
        var bin = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sockt-cli-path-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var script = Path.Combine(RepositoryRoot(), "samples", "CliScripting", "scripting-with-cleanup.sh");
        var results = Path.Combine(Path.GetDirectoryName(script)!, "test-results.txt");
        try
        {
            File.CreateSymbolicLink(Path.Combine(bin, "sockt"), CliProcess.ExecutablePath);
            var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(script);
            info.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            info.Environment["SOCKT_API_URL"] = Emulator.BaseUrl.ToString();
            info.Environment["SOCKT_API_KEY"] = PrimaryApiKey;
            info.Environment.Remove("SOCKT_SANDBOX_TOKEN");
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.That(process.ExitCode, Is.Zero, await stdout + await stderr);
            Assert.Multiple(async () =>
            {
                Assert.That(await stdout, Does.Contain("test_adds (test_main.AddTests").And.Contain("OK"));
                Assert.That(File.ReadAllText(results).Trim(), Is.EqualTo("OK"));
                Assert.That(await stderr, Does.Contain("Written /home/sandbox/main.py"));
            });
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
            File.Delete(results);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Sockt.Generated.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Sockt.Generated.sln not found above the test directory");
    }
}
