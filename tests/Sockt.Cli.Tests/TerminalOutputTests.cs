using System.Text.RegularExpressions;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary>What only a terminal on stderr gets: the invoice's QR code and the spinner's end line while waiting.</summary>
public sealed class TerminalOutputTests : CliTestBase
{
    [Test]
    public async Task A_terminal_gets_the_invoice_as_a_qr_code_beside_the_bolt11_string()
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "sockt-cli-qr-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        try
        {
            var script = Path.Combine(directory, "run.sh");
            File.WriteAllText(script, $"""
                export SOCKT_API_URL='{Emulator.BaseUrl}'
                unset SOCKT_API_KEY SOCKT_SANDBOX_TOKEN
                '{CliProcess.ExecutablePath}' sandbox create --billing lightning --prepaid-sats 1000 > '{directory}/id'
                echo $? > '{directory}/rc.tmp' && mv '{directory}/rc.tmp' '{directory}/rc'
                """);
            await using var terminal = await TmuxTerminal.StartAsync(script, 200, 120);
            await Poll.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(directory, "rc"))), done => done, "sockt sandbox create to exit");
            var screen = await terminal.ScreenAsync();

            var qrLines = screen.Split('\n').Where(line => Regex.IsMatch(line, "^[█▀▄ ]{20,}$")).ToList();
            Assert.Multiple(() =>
            {
                Assert.That(File.ReadAllText(Path.Combine(directory, "rc")).Trim(), Is.EqualTo("0"));
                Assert.That(screen, Does.Contain("Payment required. Invoice:"));
                Assert.That(screen, Does.Match(@"\nlnbcrt\S+"));
                Assert.That(qrLines, Has.Count.GreaterThan(10), screen);
                Assert.That(qrLines.Select(line => line.TrimEnd().Length).Distinct().Count(), Is.EqualTo(1), "a square of equal lines");
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
