using System.Globalization;

namespace Sockt.Emulator.Primitives.Tests.Pty;

/// <summary>Looks at live processes through /proc (command lines and session ids), and polls it with a deadline.</summary>
internal static class ProcessTable
{
    internal readonly record struct Entry(int Pid, int SessionId, IReadOnlyList<string> CommandLine);

    internal static List<Entry> Snapshot()
    {
        var entries = new List<Entry>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText($"{directory}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] is "Z" or "X")
                {
                    continue; // zombies have no command line and no longer run
                }

                var commandLine = File.ReadAllText($"{directory}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
                entries.Add(new Entry(pid, int.Parse(fields[3], CultureInfo.InvariantCulture), commandLine));
            }
            catch (IOException)
            {
                // exited while we looked
            }
        }

        return entries;
    }

    internal static int CountWithMarker(string marker) =>
        Snapshot().Count(e => e.CommandLine.Any(arg => arg.Contains(marker, StringComparison.Ordinal)));

    /// <summary>Polls until <paramref name="condition"/> holds; fails with <paramref name="what"/> on deadline.</summary>
    internal static async Task PollUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TerminalTranscript.Deadline);
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"Timed out after {TerminalTranscript.Deadline.TotalSeconds} s waiting for: {what}");
            }

            // Poll interval, not a wait for state: the loop re-checks the condition until the deadline.
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
