using QRCoder;

namespace Sockt.Emulator.Dashboard;

/// <summary>The QR code of a Lightning invoice as an SVG image, the way wallets scan it (<c>LIGHTNING:</c> URI, upper case for the QR alphanumeric mode).</summary>
internal static class InvoiceQrCode
{
    public static string Svg(string bolt11)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode("LIGHTNING:" + bolt11.ToUpperInvariant(), QRCodeGenerator.ECCLevel.L);
        return new SvgQRCode(data).GetGraphic(4);
    }
}
