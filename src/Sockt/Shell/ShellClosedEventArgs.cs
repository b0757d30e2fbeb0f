using System.Net.WebSockets;

namespace Sockt;

/// <summary>Data of the <see cref="ShellSession.Closed"/> event.</summary>
public class ShellClosedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="reason">Why the session ended.</param>
    /// <param name="closeStatus">The WebSocket close status, when a closing handshake took place.</param>
    /// <param name="closeDescription">The close description the server sent, if any.</param>
    /// <param name="exception">The error that ended the session, if any.</param>
    public ShellClosedEventArgs(ShellCloseReason reason, WebSocketCloseStatus? closeStatus, string? closeDescription, Exception? exception)
    {
        Reason = reason;
        CloseStatus = closeStatus;
        CloseDescription = closeDescription;
        Exception = exception;
    }

    /// <summary>Why the session ended.</summary>
    public ShellCloseReason Reason { get; }

    /// <summary>The WebSocket close status, when a closing handshake took place.</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>The close description the server sent, if any.</summary>
    public string? CloseDescription { get; }

    /// <summary>The error that ended the session, if any.</summary>
    public Exception? Exception { get; }
}
