namespace Sockt;

/// <summary>Why a <see cref="ShellSession"/> ended.</summary>
public enum ShellCloseReason
{
    /// <summary>This client closed the session (<see cref="ShellSession.CloseAsync"/> or dispose).</summary>
    ClosedByClient,

    /// <summary>The server closed the WebSocket, for example because the shell exited or the sandbox stopped.</summary>
    ClosedByServer,

    /// <summary>The connection dropped without a closing handshake, or could not be re-established.</summary>
    ConnectionLost,
}
