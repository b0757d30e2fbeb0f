namespace Sockt.Emulator.Dashboard.Terminal;

/// <summary>
/// Flow control towards the browser (the <c>ack</c> of docs/web-terminal.md). A browser's WebSocket reads whatever
/// arrives into memory, so TCP cannot slow the PTY down for a page whose terminal falls behind: the page acknowledges
/// the characters xterm.js has rendered, and output waits while <c>limit</c> or more are unacknowledged.
/// </summary>
internal sealed class OutputWindow(long limit)
{
    private readonly Lock gate = new();
    private long unacknowledged;
    private TaskCompletionSource room = Open();

    /// <summary>Waits until less than the limit is unacknowledged.</summary>
    public Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return room.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Counts characters sent to the browser.</summary>
    public void Sent(int characters)
    {
        lock (gate)
        {
            unacknowledged += characters;
            if (unacknowledged >= limit && room.Task.IsCompleted)
            {
                room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Counts characters the browser rendered; false when it acknowledges more than it was sent.</summary>
    public bool Acknowledge(long characters)
    {
        lock (gate)
        {
            if (characters > unacknowledged)
            {
                return false;
            }

            unacknowledged -= characters;
            if (unacknowledged < limit)
            {
                room.TrySetResult();
            }

            return true;
        }
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
