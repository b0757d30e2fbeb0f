using System.Globalization;

namespace Sockt.Web.Tests;

/// <summary>
/// The processes of this machine, as root sees them in /proc: sandboxed processes live in their own namespaces but
/// are still processes here, so a test can tell whether a shell's command is still running, and what it is doing.
/// </summary>
internal static class HostProcesses
{
    public static bool AnyWithArgument(string argument) => FindWithArgument(argument) is not null;

    /// <summary>The id of a process one of whose arguments is exactly <paramref name="argument"/>, or null.</summary>
    public static int? FindWithArgument(string argument)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (arguments.Contains(argument, StringComparer.Ordinal))
                {
                    return id;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read (tests run as root here, but not necessarily elsewhere).
            }
        }

        return null;
    }
}
