namespace Sockt.Benchmarks.Cases;

/// <summary>Finds a marker in text that arrives in pieces (a marker may straddle two frames) and counts the characters.</summary>
internal sealed class MarkerScanner(string marker)
{
    private string carry = string.Empty;

    public long Characters { get; private set; }

    /// <summary>Adds a piece; true once the marker has been seen.</summary>
    public bool Feed(string data)
    {
        Characters += data.Length;
        var window = carry.Length == 0 ? data : carry + data;
        if (window.Contains(marker, StringComparison.Ordinal))
        {
            return true;
        }

        var keep = Math.Min(marker.Length - 1, window.Length);
        carry = window[^keep..];
        return false;
    }
}
