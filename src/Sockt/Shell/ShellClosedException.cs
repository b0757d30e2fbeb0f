using System.Net.WebSockets;

namespace Sockt;

/// <summary>
/// The shell session has ended, so no more frames will arrive and nothing can be sent. Raised by
/// <see cref="ShellSession.ReceiveAsync"/> once every frame received before the end has been read, and by the send methods.
/// </summary>
public class ShellClosedException : SocktException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="reason">Why the session ended.</param>
    /// <param name="closeStatus">The WebSocket close status, when a closing handshake took place.</param>
    /// <param name="closeDescription">The close description the server sent, if any.</param>
    /// <param name="innerException">The error that ended the session, if any.</param>
    public ShellClosedException(string message, ShellCloseReason reason, WebSocketCloseStatus? closeStatus = null, string? closeDescription = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        CloseStatus = closeStatus;
        CloseDescription = closeDescription;
    }

    /// <summary>Why the session ended.</summary>
    public ShellCloseReason Reason { get; }

    /// <summary>The WebSocket close status, when a closing handshake took place.</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>The close description the server sent, if any.</summary>
    public string? CloseDescription { get; }
}
