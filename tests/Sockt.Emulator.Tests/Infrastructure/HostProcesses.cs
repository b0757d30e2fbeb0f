using System.Text;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>Counts host processes whose command line contains a marker (to prove nothing was left running).</summary>
internal static class HostProcesses
{
    public static int CountWithMarker(string marker)
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(dir, "stat"));
                // A zombie is already dead; it only waits for its parent to reap it.
                if (cmdline.Contains(marker, StringComparison.Ordinal) && !state[(state.LastIndexOf(')') + 2)..].StartsWith('Z'))
                {
                    count++;
                }
            }
            catch (IOException)
            {
            }
        }

        return count;
    }

    /// <summary>A fresh marker to put into a command line.</summary>
    public static string NewMarker() => "sockt-marker-" + Guid.NewGuid().ToString("N")[..12];
}
