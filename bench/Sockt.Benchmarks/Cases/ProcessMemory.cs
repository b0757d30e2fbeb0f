using System.Globalization;

namespace Sockt.Benchmarks.Cases;

/// <summary>This process's resident memory from /proc/self/status, and a reset of its peak (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>Resets VmHWM to the current RSS (writing 5 to /proc/self/clear_refs, Linux 4.0+). False when not allowed.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Current resident set (VmRSS) in bytes.</summary>
    public static long Resident() => Read("VmRSS:");

    /// <summary>Peak resident set (VmHWM) in bytes: since the last reset, else since the process started.</summary>
    public static long PeakResident() => Read("VmHWM:");

    private static long Read(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var kib = line[key.Length..].Trim().Split(' ')[0];
                return long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException(key + " not found in /proc/self/status.");
    }
}
