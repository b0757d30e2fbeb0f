using System.Globalization;

namespace Sockt.Serialization;

/// <summary>
/// Turns wire values into the .NET types of the public models (the generated getters call these): durations sent as
/// whole seconds, times sent as Unix seconds or ISO 8601 strings. The wire members keep what the service sent, so a
/// value that does not convert reads as null instead of failing the whole response.
/// </summary>
internal static class WireValues
{
    private static readonly long MinUnixSeconds = DateTimeOffset.MinValue.ToUnixTimeSeconds();

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    public static TimeSpan? FromSeconds(long? seconds) => seconds is { } value ? TimeSpan.FromSeconds(value) : null;

    public static TimeSpan? FromSeconds(int? seconds) => seconds is { } value ? TimeSpan.FromSeconds(value) : null;

    public static DateTimeOffset? FromUnixSeconds(long? seconds) =>
        seconds is { } value && value >= MinUnixSeconds && value <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(value) : null;

    public static DateTimeOffset? FromTimestamp(string? timestamp) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    /// <summary>The inverse of <see cref="FromSeconds(long?)"/> (whole seconds, rounded down), for SocktModelFactory.</summary>
    public static long? ToSeconds(TimeSpan? duration) => duration is { } value ? (long)value.TotalSeconds : null;

    /// <summary>The inverse of <see cref="FromUnixSeconds"/>, for SocktModelFactory.</summary>
    public static long? ToUnixSeconds(DateTimeOffset? time) => time?.ToUnixTimeSeconds();

    /// <summary>The inverse of <see cref="FromTimestamp"/> (ISO 8601, round-trip format), for SocktModelFactory.</summary>
    public static string? ToTimestamp(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture);
}
