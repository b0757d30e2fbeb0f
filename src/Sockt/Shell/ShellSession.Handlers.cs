using System.Collections.Immutable;

namespace Sockt;

// Callbacks and events: run on the receive loop, in frame order; a throwing handler is logged and never ends the session.
public partial class ShellSession
{
    private ImmutableDictionary<string, ImmutableArray<Action<ShellFrame>>> _callbacks =
        ImmutableDictionary<string, ImmutableArray<Action<ShellFrame>>>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Raised for every frame received, before it is queued for <see cref="RecvAsync"/>.</summary>
    public event EventHandler<ShellFrameEventArgs>? FrameReceived;

    /// <summary>Raised for terminal output: <c>stdout</c> and <c>stderr</c> frames.</summary>
    public event EventHandler<ShellFrameEventArgs>? Output;

    /// <summary>Raised for billing notices: <c>billing</c>, <c>low_balance</c>, <c>deposit_required</c> and <c>out_of_balance</c> frames.</summary>
    public event EventHandler<ShellFrameEventArgs>? BillingWarning;

    /// <summary>Raised for <c>error</c> frames (a server-side error concerning the session).</summary>
    public event EventHandler<ShellFrameEventArgs>? Error;

    /// <summary>
    /// Raised once when a connected session ends, whoever ended it, before <see cref="RecvAsync"/> and
    /// <see cref="ReadFramesAsync"/> report the end.
    /// </summary>
    public event EventHandler<ShellClosedEventArgs>? Closed;

    /// <summary>
    /// Raised after an automatic reconnect (<see cref="ShellSessionOptions.AutoReconnect"/>). The shell behind the session
    /// is a new process: its working directory, environment and running programs are not those of the old one.
    /// </summary>
    public event EventHandler? Reconnected;

    /// <summary>Calls <paramref name="callback"/> for every received frame of the given type (as the reference SDK's <c>on</c>).</summary>
    /// <param name="type">The frame type, for example <see cref="ShellFrameTypes.Stdout"/>; any string is allowed.</param>
    /// <param name="callback">Runs on the receive loop; exceptions it throws are logged and ignored.</param>
    /// <exception cref="ArgumentException"><paramref name="type"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public virtual void On(string type, Action<ShellFrame> callback)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(callback);
        ImmutableInterlocked.AddOrUpdate(ref _callbacks, type, [callback], (_, existing) => existing.Add(callback));
    }

    /// <summary>Stops calling a callback registered with <see cref="On"/> (one registration per call).</summary>
    /// <param name="type">The frame type it was registered for.</param>
    /// <param name="callback">The callback to remove.</param>
    /// <returns>Whether a registration was removed.</returns>
    /// <exception cref="ArgumentException"><paramref name="type"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    public virtual bool Off(string type, Action<ShellFrame> callback)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentNullException.ThrowIfNull(callback);
        while (true)
        {
            var current = Volatile.Read(ref _callbacks);
            if (!current.TryGetValue(type, out var registered) || registered.IndexOf(callback) < 0)
            {
                return false;
            }

            var remaining = registered.Remove(callback);
            var updated = remaining.IsEmpty ? current.Remove(type) : current.SetItem(type, remaining);
            if (Interlocked.CompareExchange(ref _callbacks, updated, current) == current)
            {
                return true;
            }
        }
    }

    private void Dispatch(ShellFrame frame)
    {
        var args = new ShellFrameEventArgs(frame);
        Raise(FrameReceived, args, frame.Type);
        if (frame.IsOutput)
        {
            Raise(Output, args, frame.Type);
        }
        else if (frame.IsBillingNotice)
        {
            Raise(BillingWarning, args, frame.Type);
        }
        else if (frame.Type == ShellFrameTypes.Error)
        {
            Raise(Error, args, frame.Type);
        }

        if (Volatile.Read(ref _callbacks).TryGetValue(frame.Type, out var callbacks))
        {
            foreach (var callback in callbacks)
            {
                try
                {
                    callback(frame);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    ShellLog.HandlerFailed(_logger, frame.Type, exception);
                }
            }
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
