using System.Globalization;
using System.Runtime.InteropServices;

namespace Sockt.Benchmarks.Reporting;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineInfo(int Processors, string CpuModel, string Memory, string OperatingSystem, string Runtime, string LoadAverage)
{
    public static MachineInfo Capture() => new(
        Environment.ProcessorCount,
        FirstValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        MemTotal(),
        (OsRelease() ?? RuntimeInformation.OSDescription) + ", kernel " + Kernel(),
        RuntimeInformation.FrameworkDescription + " " + RuntimeInformation.RuntimeIdentifier,
        LoadAverageNow());

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static string LoadAverageNow()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string MemTotal()
    {
        var value = FirstValue("/proc/meminfo", "MemTotal");
        if (value is null || !long.TryParse(value.Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
        {
            return "unknown";
        }

        return (kib / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
    }

    private static string Kernel()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string? OsRelease()
    {
        var value = FirstValue("/etc/os-release", "PRETTY_NAME", '=');
        return value?.Trim('"');
    }

    private static string? FirstValue(string file, string key, char separator = ':')
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var index = line.IndexOf(separator, StringComparison.Ordinal);
                if (index > 0 && line[..index].Trim() == key)
                {
                    return line[(index + 1)..].Trim();
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Not Linux, or hidden: reported as unknown.
        }

        return null;
    }
}
