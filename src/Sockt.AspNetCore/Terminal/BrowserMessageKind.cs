namespace Sockt.AspNetCore.Terminal;

/// <summary>What a <see cref="BrowserMessage"/> asks for.</summary>
internal enum BrowserMessageKind
{
    /// <summary>Keystrokes (or pasted text) for the shell.</summary>
    Input,

    /// <summary>The terminal's new size.</summary>
    Resize,

    /// <summary>The terminal has rendered this much output: more may be sent.</summary>
    Acknowledge,
}
