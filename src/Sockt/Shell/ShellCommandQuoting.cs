using System.Text;

namespace Sockt;

/// <summary>Turns any command text into a bash word that can be typed at an interactive prompt without side effects.</summary>
internal static class ShellCommandQuoting
{
    /// <summary>
    /// Quotes <paramref name="text"/> as a bash ANSI-C string (<c>$'...'</c>) made only of printable ASCII: every other
    /// byte of its UTF-8 form, and <c>'</c>, <c>\</c> and <c>!</c>, become <c>\xHH</c>. Typed at a prompt, such a word
    /// reaches bash exactly: readline sees no tab (completion) or newline (accept-line), the terminal no control
    /// character, history expansion no <c>!</c>, and the locale cannot mangle non-ASCII characters.
    /// </summary>
    internal static string AnsiC(string text)
    {
        var quoted = new StringBuilder("$'", text.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= 0x20 and < 0x7f && b != '\'' && b != '\\' && b != '!')
            {
                quoted.Append((char)b);
            }
            else
            {
                quoted.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return quoted.Append('\'').ToString();
    }
}
