using System.Globalization;

namespace Sockt.Emulator.Pty;

/// <summary>
/// Kills everything a terminal program started: every process of its session (job control gives background
/// jobs their own process groups, so killing one group is not enough) plus every descendant of the program
/// (which catches a child that called setsid() while its parent is still alive). Reads /proc, so Linux only.
/// </summary>
internal static class SessionKiller
{
    private static readonly int OwnPid = Environment.ProcessId;

    /// <summary>
    /// SIGKILLs the session <paramref name="sessionId"/> and the descendants of <paramref name="rootPid"/>,
    /// rescanning until a scan finds no live process that was not signalled yet (a process forked between a
    /// scan and our kill() is found by the next scan; a process with SIGKILL pending can no longer fork).
    /// Returns how many processes were signalled.
    /// </summary>
    internal static int KillAll(int sessionId, int? rootPid)
    {
        var ownSession = ReadStat(OwnPid)?.SessionId;
        if (sessionId <= 1 || sessionId == ownSession)
        {
            // Never take down our own session (or init's) because of a bookkeeping mistake.
            return 0;
        }

        var signalled = new HashSet<int>();
        while (true)
        {
            var targets = Scan(sessionId, rootPid).Where(pid => pid != OwnPid && signalled.Add(pid)).ToList();
            if (targets.Count == 0)
            {
                return signalled.Count;
            }

            foreach (var pid in targets)
            {
                PtyNative.kill(pid, PtyNative.SigKill);
            }
        }
    }

    /// <summary>Whether any live process belongs to <paramref name="sessionId"/>.</summary>
    internal static bool HasMembers(int sessionId) => Scan(sessionId, null).Count > 0;

    private static List<int> Scan(int sessionId, int? rootPid)
    {
        var stats = new List<ProcStat>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && ReadStat(pid) is { } stat
                && stat.State is not ('Z' or 'X'))
            {
                stats.Add(stat);
            }
        }

        var found = stats.Where(s => s.SessionId == sessionId).Select(s => s.Pid).ToHashSet();
        if (rootPid is { } root)
        {
            var parents = new HashSet<int> { root };
            bool grew;
            do
            {
                grew = false;
                foreach (var stat in stats)
                {
                    if (parents.Contains(stat.ParentPid) && parents.Add(stat.Pid))
                    {
                        grew = true;
                    }
                }
            }
            while (grew);

            found.UnionWith(parents.Where(pid => stats.Exists(s => s.Pid == pid)));
        }

        return [.. found];
    }

    private static ProcStat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited while we looked
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid pgrp session ..."; comm may contain spaces and parentheses, so parse after the last ')'.
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 4
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session))
        {
            return null;
        }

        return new ProcStat(pid, fields[0].Length > 0 ? fields[0][0] : '?', parent, session);
    }

    private readonly record struct ProcStat(int Pid, char State, int ParentPid, int SessionId);
}
