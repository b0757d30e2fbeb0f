using System.Globalization;

namespace Sockt.Web.Tests;

/// <summary>
/// What a process is doing, read from /proc: how many bytes it has written and read so far (<c>io</c>: wchar, rchar,
/// counted by the kernel on every write/read call), its scheduler state (<c>stat</c>: R running, S sleeping, ...) and
/// the kernel function it sleeps in (<c>wchan</c>). A program that writes without pause (<c>yes</c>) and is seen
/// sleeping with an unchanged write count is blocked on a write.
/// </summary>
internal readonly record struct ProcessActivity(long Written, long Read, char State, string WaitChannel)
{
    public static ProcessActivity Of(int processId)
    {
        var directory = "/proc/" + processId.ToString(CultureInfo.InvariantCulture);
        long written = 0, read = 0;
        foreach (var line in File.ReadLines(Path.Combine(directory, "io")))
        {
            if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                written = long.Parse(line.AsSpan("wchar:".Length), NumberStyles.AllowLeadingWhite, CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("rchar:", StringComparison.Ordinal))
            {
                read = long.Parse(line.AsSpan("rchar:".Length), NumberStyles.AllowLeadingWhite, CultureInfo.InvariantCulture);
            }
        }

        // stat is "pid (comm) S ...": the state follows the last ')' (comm may contain one).
        var stat = File.ReadAllText(Path.Combine(directory, "stat"));
        var state = stat[stat.LastIndexOf(')') + 2];
        var waitChannel = File.ReadAllText(Path.Combine(directory, "wchan"));
        return new ProcessActivity(written, read, state, waitChannel);
    }
}
