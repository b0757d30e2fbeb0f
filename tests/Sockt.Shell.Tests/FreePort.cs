using System.Net;
using System.Net.Sockets;

namespace Sockt.Shell.Tests;

/// <summary>Finds a loopback port with nothing listening on it.</summary>
internal static class FreePort
{
    internal static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
