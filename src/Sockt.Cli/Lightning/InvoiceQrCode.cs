using System.Text;
using QRCoder;

namespace Sockt.Cli.Lightning;

/// <summary>Draws a BOLT11 invoice as a QR code with Unicode half blocks, for a wallet app to scan off the terminal.</summary>
internal static class InvoiceQrCode
{
    /// <summary>The QR code of <c>lightning:&lt;bolt11&gt;</c> (upper case: the alphanumeric mode gives a smaller code), one text line per two modules.</summary>
    public static string Render(string bolt11)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode("LIGHTNING:" + bolt11.ToUpperInvariant(), QRCodeGenerator.ECCLevel.L);
        var modules = data.ModuleMatrix;
        var size = modules.Count;
        var text = new StringBuilder();
        // Two module rows per line: upper half block, lower half block, full block or space. Dark modules are drawn
        // as spaces on a light background, so the code reads on dark and light terminal themes alike.
        for (var row = 0; row < size; row += 2)
        {
            for (var column = 0; column < size; column++)
            {
                var top = modules[row][column];
                var bottom = row + 1 < size && modules[row + 1][column];
                text.Append((top, bottom) switch
                {
                    (true, true) => ' ',
                    (true, false) => '▄',
                    (false, true) => '▀',
                    _ => '█',
                });
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
