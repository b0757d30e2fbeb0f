using System.Text;

namespace Sockt.Shell.Tests.Emulator;

/// <summary>Reads shell output until a marker appears, with a deadline; never sleeps.</summary>
internal static class ShellReading
{
    /// <summary>
    /// A command suffix whose output is <c>marker</c> but whose echo on the terminal is not: the terminal echoes
    /// the typed text (<c>$((1+1))</c>), the shell prints the result (<c>2</c>).
    /// </summary>
    internal static string Echo(string name) => $"echo {name}-$((1+1))";

    internal static string Printed(string name) => $"{name}-2";

    /// <summary>Accumulates output frames until <paramref name="marker"/> is seen; returns everything read.</summary>
    internal static async Task<string> ReadUntilAsync(this ShellSession session, string marker, TimeSpan? deadline = null)
    {
        using var cancellation = new CancellationTokenSource(deadline ?? Deadline.Default);
        var text = new StringBuilder();
        while (true)
        {
            var frame = await session.RecvAsync(Timeout.InfiniteTimeSpan, cancellation.Token);
            if (!frame.IsOutput)
            {
                continue;
            }

            text.Append(frame.Data);
            // Only the tail can newly contain the marker.
            var start = Math.Max(0, text.Length - frame.Data.Length - marker.Length);
            if (text.ToString(start, text.Length - start).Contains(marker, StringComparison.Ordinal))
            {
                return text.ToString();
            }
        }
    }
}
