using System.Globalization;
using System.Net.WebSockets;

namespace Sockt.Shell.Tests.Loopback;

/// <summary>
/// A full frame queue pauses reading the socket without holding a thread, and no output is lost: the receive loop
/// awaits room before it reads (ReadPausingWebSocket) instead of blocking in its message callback.
/// </summary>
[NonParallelizable] // measures the process's thread pool
public sealed class BackpressureTests : LoopbackServerTest
{
    [Test]
    public async Task A_slow_reader_of_a_flood_gets_every_frame_in_order_and_the_queue_never_exceeds_its_capacity()
    {
        const int capacity = 8;
        const int total = 5_000;
        var padding = new string('.', 1_000); // ~5 MB in all: more than the socket buffers hold, so the server is held back
        await using var session = await Server.ConnectAsync(new ShellSessionOptions { ReceiveBufferCapacity = capacity });
        var received = 0;
        var consumed = 0;
        var maxQueued = 0;
        session.FrameReceived += (_, _) =>
        {
            // Frames queued at this moment: those received before this one and not yet read.
            var queued = Volatile.Read(ref received) - Volatile.Read(ref consumed);
            maxQueued = Math.Max(maxQueued, queued);
            Interlocked.Increment(ref received);
        };
        var connection = await Server.AcceptAsync();
        var sent = 0;
        var flood = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                await connection.SendFrameAsync("stdout", i.ToString("D6", CultureInfo.InvariantCulture) + padding);
                Volatile.Write(ref sent, i + 1);
            }
        });

        // Nobody reads yet: the session receives exactly as many frames as the queue holds, then stops reading.
        await Poll.UntilAsync(() => Volatile.Read(ref received) == capacity, "the queue to fill up");
        Assert.That(Volatile.Read(ref sent), Is.LessThan(total), "the server is held back, not absorbed by an unbounded buffer");

        for (var i = 0; i < total; i++)
        {
            var frame = await session.ReceiveAsync(Deadline.Default);
            Interlocked.Increment(ref consumed);
            Assert.That(frame.Data, Is.EqualTo(i.ToString("D6", CultureInfo.InvariantCulture) + padding), $"frame {i}");
            if (i % 500 == 0)
            {
                await Task.Delay(5); // a slow consumer: the queue fills up again meanwhile
            }
        }

        await flood.WaitAsync(Deadline.Default);
        // +1: the frame a reader has just taken but not yet counted. Without backpressure this would reach thousands.
        Assert.That(maxQueued, Is.LessThanOrEqualTo(capacity + 1));
        Assert.That(received, Is.EqualTo(total));
    }

    [Test]
    public async Task Many_full_sessions_hold_no_thread_pool_thread()
    {
        // With a blocking wait in the receive callback, each full session would park one thread-pool thread: 32
        // sessions would need 32 more threads (and the pool injects them only slowly, so the sessions would not even all
        // fill up before the deadline). With the awaited pause they hold none.
        const int sessions = 32;
        const int capacity = 2;
        var baseline = Math.Max(ThreadPool.ThreadCount, Environment.ProcessorCount);
        var opened = new List<(ShellSession Session, ServerShellConnection Connection, Func<int> Received)>();
        using var stopFloods = new CancellationTokenSource();
        var floods = new List<Task>();
        try
        {
            for (var s = 0; s < sessions; s++)
            {
                var session = await Server.ConnectAsync(new ShellSessionOptions { ReceiveBufferCapacity = capacity });
                var received = 0;
                session.FrameReceived += (_, _) => Interlocked.Increment(ref received);
                var connection = await Server.AcceptAsync();
                opened.Add((session, connection, () => Volatile.Read(ref received)));
                floods.Add(FloodAsync(connection, stopFloods.Token));
            }

            await Poll.UntilAsync(() => opened.All(o => o.Received() >= capacity), "every session's queue to fill up");

            Assert.That(ThreadPool.ThreadCount, Is.LessThanOrEqualTo(baseline + sessions / 2), "no thread is parked per full session");
            Assert.That(opened.Select(o => o.Received()), Has.All.EqualTo(capacity), "every session stopped reading at its capacity");
            // The pool still runs work at once: nothing is queued behind parked threads.
            var probes = Enumerable.Range(0, Environment.ProcessorCount * 4).Select(_ => Task.Run(() => { })).ToArray();
            await Task.WhenAll(probes).WaitAsync(Deadline.Default);

            // And every session still delivers its output once read.
            foreach (var (session, _, _) in opened)
            {
                Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("0"));
                Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("1"));
            }
        }
        finally
        {
            await stopFloods.CancelAsync();
            foreach (var (session, connection, _) in opened)
            {
                await session.DisposeAsync();
                connection.Release();
            }

            await Task.WhenAll(floods).WaitAsync(Deadline.Default);
        }
    }

    private static async Task FloodAsync(ServerShellConnection connection, CancellationToken stop)
    {
        var padding = new string('x', 4_000);
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await connection.SendFrameAsync("stdout", i < 2 ? i.ToString(CultureInfo.InvariantCulture) : padding);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // the client went away: expected
        }
    }
}
