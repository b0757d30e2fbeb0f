using System.Globalization;

namespace Sockt.AI.Tools;

/// <summary>
/// Keeps long text within what a model should read: the head and the tail (where errors and results usually are),
/// and a marker in between saying how much was left out.
/// </summary>
internal static class TextClip
{
    public static (string Text, bool Clipped) Clip(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return (text, false);
        }

        var marker = $"\n[... {(text.Length - maxChars).ToString(CultureInfo.InvariantCulture)} characters left out ...]\n";
        var keep = Math.Max(0, maxChars - marker.Length);
        var head = keep / 2;
        var tail = keep - head;
        return (string.Concat(text.AsSpan(0, head), marker, text.AsSpan(text.Length - tail)), true);
    }
}
