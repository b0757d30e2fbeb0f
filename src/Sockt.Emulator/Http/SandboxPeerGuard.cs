using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Http;

/// <summary>
/// With <see cref="SandboxNetwork.Host"/> sandboxes share the host's loopback, so their connections reach the
/// emulator's port. As root each sandbox runs as a host user of its own (<see cref="SandboxHomes.IsSandboxUser"/>):
/// this guard looks up the owner of each new connection's other end in the kernel's socket table and closes the
/// connection, before anything is read or served, when a sandbox user (or nobody any more) owns it.
/// </summary>
internal sealed class SandboxPeerGuard(ILogger logger)
{
    public void Use(ListenOptions listen) => listen.Use(next => async connection =>
    {
        if (connection.RemoteEndPoint is IPEndPoint peer && connection.LocalEndPoint is IPEndPoint local)
        {
            // The client's socket: its local end is our peer, its peer is our local end.
            var owner = await TcpSocketTable.FindOwnerAsync(peer, local, connection.ConnectionClosed);
            if (owner is not { } uid || SandboxHomes.IsSandboxUser(uid))
            {
                // Fail closed: a client whose socket is already gone could have sent a request and left.
                logger.LogWarning("Refused a connection to the emulator's port from {Who}: sandboxes must not reach the emulator", owner is null ? "a closed socket" : "sandbox user " + owner);
                connection.Abort();
                return;
            }
        }

        await next(connection);
    });
}
