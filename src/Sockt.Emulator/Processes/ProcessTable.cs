using System.Globalization;

namespace Sockt.Emulator.Processes;

/// <summary>Reads the host process table from /proc.</summary>
internal static class ProcessTable
{
    /// <summary>The given roots and every live descendant of them.</summary>
    public static HashSet<int> DescendantsOf(IReadOnlyCollection<int> roots)
    {
        var parents = ReadParents();
        var result = new HashSet<int>(roots.Where(parents.ContainsKey));
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, ppid) in parents)
            {
                if (result.Contains(ppid) && result.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        return result;
    }

    private static Dictionary<int, int> ReadParents()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var afterComm = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(afterComm[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return parents;
    }
}
