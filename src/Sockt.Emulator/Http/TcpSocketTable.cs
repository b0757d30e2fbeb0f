using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sockt.Emulator.Http;

/// <summary>
/// The kernel's table of TCP sockets in the emulator's network namespace (<c>/proc/net/tcp</c> and <c>tcp6</c>): who owns
/// the other end of a loopback connection.
/// </summary>
internal static class TcpSocketTable
{
    private const int Readings = 5;

    /// <summary>
    /// The host uid that owns the socket whose local end is <paramref name="socketLocal"/> and whose peer is
    /// <paramref name="socketRemote"/>, or null when no such socket is open (closed, or only its TIME_WAIT remnant is
    /// left, which carries no owner).
    /// </summary>
    public static async Task<uint?> FindOwnerAsync(IPEndPoint socketLocal, IPEndPoint socketRemote, CancellationToken cancellationToken)
    {
        var v4 = (Encode(socketLocal, AddressFamily.InterNetwork), Encode(socketRemote, AddressFamily.InterNetwork));
        var v6 = (Encode(socketLocal, AddressFamily.InterNetworkV6), Encode(socketRemote, AddressFamily.InterNetworkV6));
        // The kernel prints the table a chunk at a time without a snapshot: while other sockets open and close, a
        // reading can skip a live entry. A socket that is really there shows up in one of a few readings.
        for (var reading = 0; reading < Readings; reading++)
        {
            if ((await FindAsync("/proc/net/tcp", v4, cancellationToken) ?? await FindAsync("/proc/net/tcp6", v6, cancellationToken)) is { } uid)
            {
                return uid;
            }
        }

        return null;
    }

    private static async Task<uint?> FindAsync(string table, (string? Local, string? Remote) key, CancellationToken cancellationToken)
    {
        if (key.Local is null || key.Remote is null)
        {
            return null;
        }

        string[] lines;
        try
        {
            lines = await File.ReadAllLinesAsync(table, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            // No IPv6 in this kernel.
            return null;
        }

        // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9
                && string.Equals(fields[1], key.Local, StringComparison.OrdinalIgnoreCase)
                && string.Equals(fields[2], key.Remote, StringComparison.OrdinalIgnoreCase)
                // Inode 0: no open file holds it any more (TIME_WAIT or orphaned), and the uid column is then 0.
                && fields[9] != "0"
                && uint.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                return uid;
            }
        }

        return null;
    }

    /// <summary>
    /// An endpoint as the kernel prints it: the address as native-endian 32-bit words in hex, then the port in hex.
    /// Null when the endpoint has no form in that family (an IPv6 address in the IPv4 table).
    /// </summary>
    private static string? Encode(IPEndPoint endPoint, AddressFamily family)
    {
        var address = endPoint.Address;
        if (family == AddressFamily.InterNetwork)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }
            else if (address.AddressFamily != AddressFamily.InterNetwork)
            {
                return null;
            }
        }
        else
        {
            address = address.MapToIPv6();
        }

        var bytes = address.GetAddressBytes();
        var words = new System.Text.StringBuilder(bytes.Length * 2 + 5);
        for (var i = 0; i < bytes.Length; i += 4)
        {
            words.Append(BitConverter.ToUInt32(bytes, i).ToString("X8", CultureInfo.InvariantCulture));
        }

        return words.Append(':').Append(endPoint.Port.ToString("X4", CultureInfo.InvariantCulture)).ToString();
    }
}
