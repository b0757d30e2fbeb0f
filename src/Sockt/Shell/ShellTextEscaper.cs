using System.Globalization;
using System.Text;

namespace Sockt;

/// <summary>Makes terminal text readable inside an exception message: control characters become escapes, long text is cut.</summary>
internal static class ShellTextEscaper
{
    /// <summary>Escapes <paramref name="text"/>, keeping at most its first <paramref name="maxLength"/> characters (then "…").</summary>
    internal static string EscapeHead(string text, int maxLength) =>
        text.Length > maxLength ? Escape(text[..maxLength]) + "…" : Escape(text);

    /// <summary>Escapes <paramref name="text"/>, keeping at most its last <paramref name="maxLength"/> characters (after "…").</summary>
    internal static string EscapeTail(string text, int maxLength) =>
        text.Length > maxLength ? "…" + Escape(text[^maxLength..]) : Escape(text);

    internal static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r': escaped.Append("\\r"); break;
                case '\n': escaped.Append("\\n"); break;
                case '\t': escaped.Append("\\t"); break;
                case '\u001b': escaped.Append("\\e"); break;
                case '\\': escaped.Append("\\\\"); break;
                case '"': escaped.Append("\\\""); break;
                default:
                    if (char.IsControl(c))
                    {
                        escaped.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        escaped.Append(c);
                    }

                    break;
            }
        }

        return escaped.ToString();
    }
}
