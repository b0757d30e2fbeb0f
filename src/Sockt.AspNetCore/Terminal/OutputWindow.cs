namespace Sockt.AspNetCore.Terminal;

/// <summary>
/// Flow control towards the browser. A browser's WebSocket reads everything the network delivers into memory, so TCP
/// alone cannot slow a server down for a page whose terminal falls behind: the page acknowledges what it has rendered,
/// and output waits while too much is unacknowledged (xterm.js's recommended watermark scheme).
/// </summary>
internal sealed class OutputWindow(long limit)
{
    private readonly object _gate = new();
    private long _unacknowledged;
    private TaskCompletionSource _room = CreateOpenRoom();

    /// <summary>Waits until less than the limit is unacknowledged.</summary>
    public async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        Task room;
        lock (_gate)
        {
            room = _room.Task;
        }

        await room.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Counts output sent to the browser.</summary>
    public void Sent(int characters)
    {
        lock (_gate)
        {
            _unacknowledged += characters;
            if (_unacknowledged >= limit && _room.Task.IsCompleted)
            {
                _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Counts output the browser has rendered; false when it acknowledges more than was sent (a broken client).</summary>
    public bool Acknowledge(long characters)
    {
        lock (_gate)
        {
            if (characters > _unacknowledged)
            {
                return false;
            }

            _unacknowledged -= characters;
            if (_unacknowledged < limit)
            {
                _room.TrySetResult();
            }

            return true;
        }
    }

    private static TaskCompletionSource CreateOpenRoom()
    {
        var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        room.SetResult();
        return room;
    }
}
