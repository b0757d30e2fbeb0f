using System.Globalization;
using System.Text.RegularExpressions;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>
/// The last resize wins over a program that writes back a size it read before. readline does that each time bash starts
/// reading a line (rltty.c set_winsize: TIOCGWINSZ, then TIOCSWINSZ with what it read), so a resize landing between
/// the two was undone and <c>stty size</c> kept the old size (samples/InteractiveShell printed <c>24 80</c> once on a
/// loaded machine). Here a program in the terminal does the same read-then-write in a loop while the resize comes, which
/// undoes it in about 4 of 10 rounds without the fix.
/// </summary>
internal sealed partial class ShellResizeRaceTests : EmulatorTestBase
{
    private const int Rounds = 5;

    /// <summary>What readline prints each time it starts reading a line (bracketed paste on).</summary>
    private const string ReadlineReady = "\u001b[?2004h";

    // Prints a start marker, then reads the window size and writes it straight back, again and again, as readline does
    // (0x5413/0x5414: TIOCGWINSZ/TIOCSWINSZ on Linux x64 and arm64). perl-base is part of every Debian-like system.
    private const string WriteBackLoop =
        "perl -e '$| = 1; print \"ST\", 1000 + $ARGV[0], \"\\n\"; my $w = \"\\0\" x 8; "
        + "for (1 .. 300000) { ioctl(STDIN, 0x5413, $w) && ioctl(STDIN, 0x5414, $w) }' ";

    [Test]
    public async Task The_last_resize_wins_over_a_program_writing_back_the_size_it_read()
    {
        var id = await NewSandboxAsync();
        var url = (await Api.GetAsync($"/v1/sandboxes/{id}/shell-url", Key)).Str("url");
        await using var shell = await ShellClient.ConnectAsync(new Uri(url), Key);

        for (var round = 1; round <= Rounds; round++)
        {
            var (cols, rows) = (100 + round, 30 + round);
            var number = (1000 + round).ToString(CultureInfo.InvariantCulture);
            // Markers the typed line's echo cannot contain: the shell or python computes them.
            await shell.InputAsync($"{WriteBackLoop}{round}; echo D$((1000+{round}))\n");
            await shell.ReadUntilAsync(c => c.Stdout.Contains("ST" + number, StringComparison.Ordinal), "the loop to start, round " + round);
            await shell.SendAsync(new { type = "resize", cols, rows });
            await shell.ReadUntilAsync(c => c.Stdout.Contains("D" + number + "\r\n", StringComparison.Ordinal), "the loop to end, round " + round);
            var prompts = Prompts(shell.Stdout);
            await shell.ReadUntilAsync(c => Prompts(c.Stdout) > prompts || ReadyAfter(c.Stdout, "D" + number), "the prompt, round " + round);

            await shell.InputAsync($"echo S=$(stty size) R$((1000+{round}))\n");
            await shell.ReadUntilAsync(c => c.Stdout.Contains("R" + number + "\r\n", StringComparison.Ordinal), "stty, round " + round);

            Assert.That(SizeBefore(shell.Stdout, "R" + number), Is.EqualTo($"{rows} {cols}"), $"round {round}: stty size after the resize to {cols}x{rows}");
        }
    }

    private static int Prompts(string output) => Regex.Count(output, Regex.Escape(ReadlineReady));

    private static bool ReadyAfter(string output, string marker) =>
        output.IndexOf(ReadlineReady, output.LastIndexOf(marker, StringComparison.Ordinal), StringComparison.Ordinal) >= 0;

    private static string SizeBefore(string output, string marker)
    {
        var end = output.LastIndexOf(marker + "\r\n", StringComparison.Ordinal);
        var sizes = SizeLine().Matches(output[..end]);
        return sizes.Count == 0 ? "(none)" : sizes[^1].Groups[1].Value;
    }

    [GeneratedRegex(@"S=(\d+ \d+) $")]
    private static partial Regex SizeLine();
}
