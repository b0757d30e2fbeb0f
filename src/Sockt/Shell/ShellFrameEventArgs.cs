namespace Sockt;

/// <summary>Data of the <see cref="ShellSession"/> frame events.</summary>
public class ShellFrameEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="frame">The frame that was received.</param>
    /// <exception cref="ArgumentNullException"><paramref name="frame"/> is null.</exception>
    public ShellFrameEventArgs(ShellFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Frame = frame;
    }

    /// <summary>The frame that was received.</summary>
    public ShellFrame Frame { get; }
}
