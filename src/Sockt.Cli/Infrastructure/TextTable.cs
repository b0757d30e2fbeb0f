using System.Text;

namespace Sockt.Cli.Infrastructure;

/// <summary>
/// Plain aligned columns, as the official CLI prints them (Go's tabwriter with a padding of two spaces): every
/// column but the last is padded to its widest cell plus two.
/// </summary>
internal sealed class TextTable
{
    private readonly List<string[]> rows = [];

    /// <summary>Adds a row.</summary>
    public TextTable Add(params string[] cells)
    {
        rows.Add(cells);
        return this;
    }

    /// <summary>The table, one line per row, each ending with a newline.</summary>
    public override string ToString()
    {
        var columns = rows.Count == 0 ? 0 : rows.Max(row => row.Length);
        var widths = new int[columns];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length - 1; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                text.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
