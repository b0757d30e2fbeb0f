namespace Sockt;

// Events: run on the receive loop, in frame order; a throwing handler is logged and never ends the session.
public partial class ShellSession
{
    /// <summary>Raised for every frame received, before it is queued for <see cref="ReceiveAsync"/>.</summary>
    public event EventHandler<ShellFrameEventArgs>? FrameReceived;

    /// <summary>Raised for terminal output: <c>stdout</c> and <c>stderr</c> frames.</summary>
    public event EventHandler<ShellFrameEventArgs>? Output;

    /// <summary>Raised for billing notices: <c>billing</c>, <c>low_balance</c>, <c>deposit_required</c> and <c>out_of_balance</c> frames.</summary>
    public event EventHandler<ShellFrameEventArgs>? BillingWarning;

    /// <summary>Raised for <c>error</c> frames (a server-side error concerning the session).</summary>
    public event EventHandler<ShellFrameEventArgs>? Error;

    /// <summary>
    /// Raised once when a connected session ends, whoever ended it, before <see cref="ReceiveAsync"/> and
    /// <see cref="ReadFramesAsync"/> report the end.
    /// </summary>
    public event EventHandler<ShellClosedEventArgs>? Closed;

    /// <summary>
    /// Raised after an automatic reconnect (<see cref="ShellSessionOptions.AutoReconnect"/>). The shell behind the session
    /// is a new process: its working directory, environment and running programs are not those of the old one.
    /// </summary>
    public event EventHandler? Reconnected;

    private void Dispatch(ShellFrame frame)
    {
        var args = new ShellFrameEventArgs(frame);
        Raise(FrameReceived, args, frame.Type.ToString());
        if (frame.IsOutput)
        {
            Raise(Output, args, frame.Type.ToString());
        }
        else if (frame.IsBillingNotice)
        {
            Raise(BillingWarning, args, frame.Type.ToString());
        }
        else if (frame.Type == ShellFrameType.Error)
        {
            Raise(Error, args, frame.Type.ToString());
        }
    }

    private void Raise<TArgs>(EventHandler<TArgs>? handlers, TArgs args, string what)
    {
        if (handlers is null)
        {
            return;
        }

        // One by one, so that a throwing handler does not keep the others from running.
        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<TArgs>>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                ShellLog.HandlerFailed(_logger, what, exception);
            }
        }
    }

    private void Raise(EventHandler? handlers, EventArgs args, string what)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                ShellLog.HandlerFailed(_logger, what, exception);
            }
        }
    }
}
