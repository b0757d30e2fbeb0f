using System.Diagnostics;
using System.Globalization;
using Sockt.AspNetCore;

namespace Sockt.Web.Tests;

/// <summary>
/// Backpressure through the bridge, both ways, shown without a clock: a page that stops acknowledging output leaves
/// the shell's program blocked on its write (seen from the host's /proc: asleep, write counter frozen) with no more
/// than <see cref="SocktTerminalOptions.MaxUnacknowledgedOutput"/> plus one frame sent to it and the server's heap flat;
/// a shell that does not read its input leaves the page's WebSocket send pending. Catching up resumes the flow.
/// Everything runs in this process (emulator, bridge, the page's socket), so the heap measured is the server's and more.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class BackpressureTests : DemoTerminalFixture
{
    private const int Repeats = 3;

    // The emulator sends at most 16 Ki characters per frame (one read of the PTY's output buffer).
    private const int LargestShellFrame = 16 * 1024;

    private static readonly int Window = new SocktTerminalOptions().MaxUnacknowledgedOutput;

    // What a browser that never acknowledges can make the server hold: the bridge's window plus the SDK's queue of
    // unread frames (the bridge's own default, SocktTerminalOptions.DefaultShellReceiveBufferCapacity) and the two
    // frames in the works (the one the bridge is sending, the one the SDK is decoding), as UTF-16 text. The bytes beyond
    // that wait in the kernel's socket buffers and the PTY, or are never written.
    private static readonly long HeldForThePage =
        ((long)Window + ((SocktTerminalOptions.DefaultShellReceiveBufferCapacity + 2L) * LargestShellFrame)) * sizeof(char);

    // What else this process comes to hold whatever the flow: the page's last 64 Ki characters (UnhurriedBrowser) and
    // buffers of fixed size that a full collection keeps (pooled arrays, Kestrel's memory pools, the emulator's PTY
    // reads), which the first floods in a process fill. Measured: 1.0-3.5 MiB of growth in all (the computed part
    // included); with the SDK's 1024-frame queue instead of the bridge's the growth is 10-13 MiB, above this bound.
    private const long FixedBuffers = 6L << 20;

    private static readonly long HeapBound = HeldForThePage + FixedBuffers;

    // Growth allowed while nothing moves (the emulator's billing, Kestrel's timers).
    private const long IdleHeapGrowth = 2L << 20;

    [Test]
    [Repeat(Repeats)]
    public async Task A_page_that_stops_acknowledging_blocks_the_shell_and_catching_up_resumes_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var page = await OpenTerminalAsync(timeout.Token);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var marker = Marker("BP");

        // yes writes as fast as the terminal takes it; the page reads everything and acknowledges nothing.
        await page.SendInputAsync("yes " + marker + "\r", timeout.Token);
        var producer = await Poll.UntilAsync(() => Task.FromResult(HostProcesses.FindWithArgument(marker)), id => id is not null, "yes running in the sandbox") ?? 0;
        var stalled = await Steady.UntilAsync(
            () => SampleOutputFlow(page, producer),
            flow => flow.Producer.State == 'S' && flow.Received >= Window,
            "yes asleep with its write counter frozen, the page's window used up");
        var heapStalled = GC.GetTotalMemory(forceFullCollection: true);

        // It stays that way for as long as the page does not catch up, and the heap stays flat.
        var still = await Steady.UntilAsync(() => SampleOutputFlow(page, producer), _ => true, "a second stretch of the same");
        var heapStill = GC.GetTotalMemory(forceFullCollection: true);
        var report = $"{stalled}, blocked in {stalled.Producer.WaitChannel}; heap {heapBefore >> 10} KiB before, {heapStalled >> 10} KiB when blocked, {heapStill >> 10} KiB a stretch later";
        TestContext.Out.WriteLine(report);
        Assert.Multiple(() =>
        {
            Assert.That(stalled.Received, Is.InRange(Window, Window + page.LargestFrame), "the bridge stopped at the window: " + report);
            Assert.That(still, Is.EqualTo(stalled), "nothing moved while the page did not acknowledge: " + report);
            Assert.That(heapStalled - heapBefore, Is.LessThan(HeapBound), "bounded by the window and the bridge's shell queue: " + report);
            Assert.That(heapStill - heapStalled, Is.LessThan(IdleHeapGrowth), "no growth while blocked: " + report);
        });

        // The page catches up (acknowledges what it has, again and again, as xterm.js renders): yes writes again.
        await Poll.UntilAsync(
            async () =>
            {
                await page.AcknowledgeAllAsync(timeout.Token);
                return ProcessActivity.Of(producer).Written > stalled.Producer.Written;
            },
            "yes writing again once the page acknowledged");
        Assert.That(page.OutputReceived, Is.GreaterThan(stalled.Received));

        await page.SendInputAsync("\u0003", timeout.Token);
        await Poll.UntilAsync(
            async () =>
            {
                await page.AcknowledgeAllAsync(timeout.Token);
                return !HostProcesses.AnyWithArgument(marker);
            },
            "yes ended by Ctrl+C");
        await ExpectShellUsableAsync(page, timeout.Token);
    }

    [Test]
    [Repeat(Repeats)]
    public async Task A_shell_that_does_not_read_its_input_holds_up_the_page_and_reading_resumes_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var page = await OpenTerminalAsync(timeout.Token);
        var sleepMarker = Marker("8");
        var endMarker = Marker("END");

        // The terminal without echo and line editing, so that typed bytes only pile up in its input queue; sleep never
        // reads them, grep (after it) reads everything up to the end marker.
        await page.SendInputAsync($"stty -echo -icanon; sleep {sleepMarker}; grep -q {endMarker}\r", timeout.Token);
        var sleeper = await Poll.UntilAsync(() => Task.FromResult(HostProcesses.FindWithArgument(sleepMarker)), id => id is not null, "sleep running in the sandbox") ?? 0;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);

        await using var typist = new Typist(page);
        var stalled = await Steady.UntilAsync(() => typist.Sent, sent => sent > 0 && typist.IsWaiting, "the page's sends held up");
        var heapStalled = GC.GetTotalMemory(forceFullCollection: true);
        var report = $"{stalled} bytes typed before the page's send was held up; heap {heapBefore >> 10} KiB before, {heapStalled >> 10} KiB when held up";
        TestContext.Out.WriteLine(report);
        Assert.Multiple(() =>
        {
            Assert.That(typist.IsWaiting, Is.True, "a send is pending: " + report);
            Assert.That(heapStalled - heapBefore, Is.LessThan(4L << 20), "the bridge holds one message at a time (the rest waits in the sockets' kernel buffers): " + report);
        });

        // sleep ends, grep reads the terminal's input: the typed bytes flow again.
        Process.GetProcessById(sleeper).Kill();
        await Poll.UntilAsync(() => typist.Sent > stalled + (1L << 20), "another MiB typed once the shell reads");

        await typist.StopAsync();
        await page.SendInputAsync("\n" + endMarker + "\n", timeout.Token);
        await Poll.UntilAsync(() => !HostProcesses.AnyWithArgument(endMarker), "grep done with everything typed");
        await ExpectShellUsableAsync(page, timeout.Token);
    }

    // A command's output arrives after everything still in the pipes, so this also empties them for the next test.
    private static async Task ExpectShellUsableAsync(UnhurriedBrowser page, CancellationToken cancellationToken)
    {
        await page.SendInputAsync("echo DONE-$((40+2))\r", cancellationToken);
        await Poll.UntilAsync(
            async () =>
            {
                await page.AcknowledgeAllAsync(cancellationToken);
                return new ShellAnswer(page.OutputContains("DONE-42"), page.Ended, page.OutputReceived, page.RecentOutput(160));
            },
            answer => answer.Seen,
            "the shell answering a command after the flood");
    }

    private async Task<UnhurriedBrowser> OpenTerminalAsync(CancellationToken cancellationToken)
    {
        var page = await UnhurriedBrowser.ConnectAsync(Server.Origin, "/terminal?user=demo", cancellationToken);
        await Poll.UntilAsync(() => page.OutputContains("$ "), "the shell's prompt");
        await page.AcknowledgeAllAsync(cancellationToken);
        return page;
    }

    private static OutputFlow SampleOutputFlow(UnhurriedBrowser page, int producer)
    {
        var flow = new OutputFlow(ProcessActivity.Of(producer), page.OutputReceived);

        // The invariant at every moment, not only at the end: never more than the window and one frame unacknowledged.
        Assert.That(flow.Received, Is.LessThanOrEqualTo(Window + page.LargestFrame), $"unacknowledged output beyond the window: {flow}");
        return flow;
    }

    private static string Marker(string prefix) => prefix + Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);

    private readonly record struct OutputFlow(ProcessActivity Producer, long Received);

    // What a failure reports: whether the connection ended (the bridge's exit), how much arrived, and its end.
    private readonly record struct ShellAnswer(bool Seen, bool PageEnded, long Received, string Tail);

    /// <summary>Types lines of 4 KiB into the page's terminal, one after the other, until stopped.</summary>
    private sealed class Typist : IAsyncDisposable
    {
        private static readonly string Chunk = new string('x', 4095) + "\n";

        private readonly UnhurriedBrowser _page;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _typing;
        private long _sent;
        private volatile bool _waiting;

        public Typist(UnhurriedBrowser page)
        {
            _page = page;
            _typing = TypeAsync();
        }

        public long Sent => Interlocked.Read(ref _sent);

        /// <summary>Whether a send has been started and not finished.</summary>
        public bool IsWaiting => _waiting;

        /// <summary>Stops after the send in progress has finished (cancelling a WebSocket send would abort the socket).</summary>
        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _typing;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _typing;
            }
            catch (Exception exception) when (exception is OperationCanceledException or System.Net.WebSockets.WebSocketException)
            {
                // The test failed midway; the page is being closed anyway.
            }

            _stop.Dispose();
        }

        private async Task TypeAsync()
        {
            await Task.Yield();
            while (!_stop.IsCancellationRequested)
            {
                _waiting = true;
                await _page.SendInputAsync(Chunk, CancellationToken.None);
                _waiting = false;
                Interlocked.Add(ref _sent, Chunk.Length);
            }
        }
    }
}
