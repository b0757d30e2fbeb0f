using System.Globalization;

namespace Sockt;

/// <summary>Durations as the shell's messages show them.</summary>
internal static class ShellDuration
{
    /// <summary>"1.5 s", or "an infinite time" for <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    internal static string Format(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan
            ? "an infinite time"
            : value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
