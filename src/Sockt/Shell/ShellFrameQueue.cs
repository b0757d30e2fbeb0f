using System.Threading.Channels;

namespace Sockt;

/// <summary>
/// The frames received and not yet read, in order: a queue filled by the receive loop and emptied by the readers, with
/// a "carry-over" in front of it (frames a reader took and handed back), and an asynchronous wait for room that the
/// receive loop uses to stop reading the socket while the queue is full.
/// </summary>
/// <remarks>
/// The channel itself is unbounded and the bound is enforced before reading the socket (<see cref="WaitForRoomAsync"/>),
/// not when adding: adding never fails and never waits, so the receive loop, which cannot await inside its callback,
/// never has to choose between blocking a thread and dropping output. One message is read per wait, so the queue holds
/// at most <see cref="Capacity"/> frames (one more per receive loop that overlaps during an opted-in reconnect).
/// </remarks>
internal sealed class ShellFrameQueue
{
    private readonly Channel<ShellFrame> _frames = Channel.CreateUnbounded<ShellFrame>(new UnboundedChannelOptions
    {
        SingleReader = false,
        SingleWriter = false, // during an opted-in reconnect the old and new receive loops may overlap briefly
    });

    private readonly object _carryOverGate = new();
    private readonly LinkedList<ShellFrame> _carryOver = new();

    // Completed (and replaced) when a reader takes a frame while the receive loop waits for room.
    private TaskCompletionSource _roomFreed = NewSignal();
    private int _waitingForRoom;
    private volatile bool _completed;

    /// <summary>Creates the queue.</summary>
    /// <param name="capacity">How many frames may wait unread before <see cref="WaitForRoomAsync"/> waits.</param>
    internal ShellFrameQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>How many frames may wait unread.</summary>
    internal int Capacity { get; }

    /// <summary>Frames waiting in the queue (the carry-over not counted).</summary>
    internal int Count => _frames.Reader.Count;

    /// <summary>Adds a received frame; never waits. Returns false once the queue is completed (the session ended).</summary>
    internal bool TryAdd(ShellFrame frame) => _frames.Writer.TryWrite(frame);

    /// <summary>Takes the oldest frame: the carry-over first, then the queue.</summary>
    internal bool TryTake(out ShellFrame frame)
    {
        lock (_carryOverGate)
        {
            if (_carryOver.First is { } first)
            {
                _carryOver.RemoveFirst();
                frame = first.Value;
                return true; // handed back by a reader: older than anything in the queue
            }
        }

        if (_frames.Reader.TryRead(out frame!))
        {
            SignalRoom();
            return true;
        }

        return false;
    }

    /// <summary>Takes a frame only from the carry-over (what a reader handed back).</summary>
    internal bool TryTakeCarryOver(out ShellFrame frame)
    {
        lock (_carryOverGate)
        {
            if (_carryOver.First is { } first)
            {
                _carryOver.RemoveFirst();
                frame = first.Value;
                return true;
            }
        }

        frame = null!;
        return false;
    }

    /// <summary>Waits until a frame can be taken; false when the queue is completed and empty.</summary>
    internal ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _frames.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Puts frames back in front of everything else, in their order, for the next reader.</summary>
    internal void HandBack(IReadOnlyList<ShellFrame> frames)
    {
        lock (_carryOverGate)
        {
            for (var i = frames.Count - 1; i >= 0; i--)
            {
                _carryOver.AddFirst(frames[i]);
            }
        }
    }

    /// <summary>No more frames will be added: readers drain what is queued, then see the end; a wait for room returns.</summary>
    internal void Complete()
    {
        _completed = true;
        _frames.Writer.TryComplete();
        Interlocked.Exchange(ref _roomFreed, NewSignal()).TrySetResult();
    }

    /// <summary>
    /// Completes when the queue has room for another frame (or is completed). Used by the receive loop before each
    /// read from the socket; the wait holds no thread.
    /// </summary>
    internal async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Announce the wait, then look: a reader that takes a frame after the look sees the announcement and signals.
            var signal = Volatile.Read(ref _roomFreed);
            Interlocked.Exchange(ref _waitingForRoom, 1);
            if (_completed || _frames.Reader.Count < Capacity)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void SignalRoom()
    {
        // Only when the receive loop announced a wait: a signal per frame would cost an allocation per frame read.
        if (Interlocked.Exchange(ref _waitingForRoom, 0) == 1)
        {
            Interlocked.Exchange(ref _roomFreed, NewSignal()).TrySetResult();
        }
    }

    // Continuations run asynchronously, so that a reader taking a frame never runs the receive loop inline.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
