using System.Net.WebSockets;

namespace Sockt.Shell.Tests.Loopback;

/// <summary><see cref="ShellSession.ReadUntilAsync(string, TimeSpan?, CancellationToken)"/> against a loopback server that splits output as it likes.</summary>
public sealed class ReadUntilTests : LoopbackServerTest
{
    [Test]
    public async Task A_marker_split_across_frames_is_found_and_the_text_after_it_is_returned_next()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;

        await connection.SendFrameAsync("stdout", "output DO");
        await connection.SendFrameAsync("stdout", "NE");
        await connection.SendFrameAsync("stdout", "-42\r\nprompt$ ");
        var text = await session.ReadUntilAsync("DONE-42", Deadline.Default);
        var rest = await session.ReceiveAsync(Deadline.Default);

        Assert.That(text, Is.EqualTo("output DONE-42"));
        Assert.That(rest, Is.EqualTo(new ShellFrame(ShellFrameType.Stdout, "\r\nprompt$ ")));
    }

    [Test]
    public async Task Text_after_a_marker_is_read_by_the_next_ReadUntil_without_new_frames()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;

        await connection.SendFrameAsync("stdout", "one|two|three");
        var first = await session.ReadUntilAsync("|", Deadline.Default);
        var second = await session.ReadUntilAsync("|", Deadline.Default);
        await connection.SendFrameAsync("stdout", " four|");
        var third = await session.ReadUntilAsync("|", Deadline.Default);

        Assert.That((first, second, third), Is.EqualTo(("one|", "two|", "three four|")));
    }

    [Test]
    public async Task Carried_over_text_keeps_its_frame_type_and_comes_first_in_the_frame_stream()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;

        await connection.SendFrameAsync("stderr", "fail: MARK rest");
        await connection.SendFrameAsync("stdout", "next");
        await session.ReadUntilAsync("MARK", Deadline.Default);
        var frames = new List<ShellFrame>();
        await foreach (var frame in session.ReadFramesAsync(new CancellationTokenSource(Deadline.Default).Token))
        {
            frames.Add(frame);
            if (frames.Count == 2)
            {
                break;
            }
        }

        Assert.That(frames, Is.EqualTo(new[] { new ShellFrame(ShellFrameType.Stderr, " rest"), new ShellFrame(ShellFrameType.Stdout, "next") }));
    }

    [Test]
    public async Task Billing_frames_in_between_reach_the_events_but_not_the_text()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;
        var billing = new List<string>();
        var errors = new List<string>();
        session.BillingWarning += (_, args) => billing.Add(args.Frame.Data);
        session.Error += (_, args) => errors.Add(args.Frame.Data);

        await connection.SendFrameAsync("stdout", "a");
        await connection.SendFrameAsync("low_balance", "top up soon");
        await connection.SendFrameAsync("error", "hiccup");
        await connection.SendFrameAsync("stdout", "b END");
        var text = await session.ReadUntilAsync("END", Deadline.Default);
        await connection.SendFrameAsync("stdout", "after");
        var next = await session.ReceiveAsync(Deadline.Default);

        Assert.That(text, Is.EqualTo("ab END"));
        Assert.That(billing, Is.EqualTo(new[] { "top up soon" }));
        Assert.That(errors, Is.EqualTo(new[] { "hiccup" }));
        Assert.That(next.Data, Is.EqualTo("after"), "the billing and error frames were consumed by the read");
    }

    [Test]
    public async Task A_timeout_names_the_marker_and_the_end_of_the_output_and_keeps_the_output_readable()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;
        var longOutput = new string('x', 300) + "tail\r\n\u001b[0m";
        var arrived = Arrived(session, 3);

        await connection.SendFrameAsync("stdout", "start ");
        await connection.SendFrameAsync("low_balance", "top up soon");
        await connection.SendFrameAsync("stdout", longOutput);
        await Poll.UntilAsync(arrived, "the frames to arrive");
        var exception = await Assert.ThrowsAsync<TimeoutException>(
            () => session.ReadUntilAsync("never\r\n\"here\"" + new string('m', 200), TimeSpan.FromMilliseconds(300)));

        Assert.That(exception!.Message, Does.StartWith(
            $"The shell output of sandbox {LoopbackShellServer.SandboxId} did not contain \"never\\r\\n\\\"here\\\"mmm"));
        Assert.That(exception.Message, Does.Contain("m…\" within 0.3 s"));
        Assert.That(exception.Message, Does.Contain($"; {"start ".Length + longOutput.Length} characters were read (they stay readable)"));
        Assert.That(exception.Message, Does.EndWith("xxxtail\\r\\n\\e[0m\"."));
        Assert.That(exception.Message, Does.Not.Contain("start"), "at most the last 200 characters are shown");
    }

    [Test]
    public async Task A_failed_read_consumes_nothing()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;
        var arrived = Arrived(session, 3);

        await connection.SendFrameAsync("stdout", "kept ");
        await connection.SendFrameAsync("low_balance", "top up soon");
        await connection.SendFrameAsync("stdout", "in order");
        await Poll.UntilAsync(arrived, "the frames to arrive");
        await Assert.ThrowsAsync<TimeoutException>(() => session.ReadUntilAsync("absent", TimeSpan.FromMilliseconds(200)));

        Assert.That(await session.ReceiveAsync(Deadline.Default), Is.EqualTo(new ShellFrame(ShellFrameType.Stdout, "kept ")));
        Assert.That(await session.ReceiveAsync(Deadline.Default), Is.EqualTo(new ShellFrame(ShellFrameType.LowBalance, "top up soon")));
        Assert.That(await session.ReceiveAsync(Deadline.Default), Is.EqualTo(new ShellFrame(ShellFrameType.Stdout, "in order")));
    }

    [Test]
    public async Task The_timeout_is_an_overall_deadline_even_while_output_keeps_flowing()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;
        using var stopFlood = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            try
            {
                while (!stopFlood.IsCancellationRequested)
                {
                    await connection.SendFrameAsync("stdout", "still going\r\n");
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or IOException)
            {
                // the client went away: expected
            }
        });

        var reading = session.ReadUntilAsync("never", TimeSpan.FromMilliseconds(500));

        await Assert.ThatAsync(() => reading.WaitAsync(Deadline.Default), Throws.InstanceOf<TimeoutException>());
        await stopFlood.CancelAsync();
        await session.CloseAsync();
        await flood.WaitAsync(Deadline.Default);
    }

    [Test]
    public async Task The_server_closing_mid_read_raises_ShellClosedException_after_the_text_read()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;

        var reading = session.ReadUntilAsync("DONE", Timeout.InfiniteTimeSpan);
        await connection.SendFrameAsync("stdout", "partial");
        await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "shell exited");

        var exception = await Assert.ThrowsAsync<ShellClosedException>(async () => await reading.WaitAsync(Deadline.Default));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
        Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("partial"), "the text read is handed back");
        await Assert.ThrowsAsync<ShellClosedException>(() => session.ReadUntilAsync("DONE", Deadline.Default));
    }

    [Test]
    public async Task A_dropped_connection_mid_read_raises_ShellClosedException()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;

        var reading = session.ReadUntilAsync("DONE", Timeout.InfiniteTimeSpan);
        connection.Abort();

        var exception = await Assert.ThrowsAsync<ShellClosedException>(async () => await reading.WaitAsync(Deadline.Default));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ConnectionLost));
    }

    [Test]
    public async Task Cancelling_a_read_hands_back_what_it_read()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;
        using var cancellation = new CancellationTokenSource();
        var arrived = Arrived(session, 1);

        await connection.SendFrameAsync("stdout", "before cancel");
        await Poll.UntilAsync(arrived, "the frames to arrive");
        var reading = session.ReadUntilAsync("DONE", Timeout.InfiniteTimeSpan, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThatAsync(async () => await reading.WaitAsync(Deadline.Default), Throws.InstanceOf<OperationCanceledException>());
        Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("before cancel"));
    }

    [Test]
    public async Task The_predicate_overload_returns_all_text_through_the_accepting_frame()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;
        var seen = new List<string>();

        await connection.SendFrameAsync("stdout", "1\r\n");
        await connection.SendFrameAsync("stdout", "2\r\n3");
        await connection.SendFrameAsync("stdout", "\r\n4");
        var text = await session.ReadUntilAsync(
            read =>
            {
                seen.Add(read);
                return read.Contains("2\r\n", StringComparison.Ordinal);
            },
            Deadline.Default);
        var next = await session.ReceiveAsync(Deadline.Default);

        Assert.That(text, Is.EqualTo("1\r\n2\r\n3"));
        Assert.That(seen, Is.EqualTo(new[] { "1\r\n", "1\r\n2\r\n3" }));
        Assert.That(next.Data, Is.EqualTo("\r\n4"));
    }

    [Test]
    public async Task A_throwing_predicate_propagates_and_consumes_nothing()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;
        await connection.SendFrameAsync("stdout", "text");

        await Assert.ThrowsAsync<FormatException>(() => session.ReadUntilAsync(_ => throw new FormatException(), Deadline.Default));

        Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("text"));
    }

    [Test]
    public async Task The_token_never_appears_in_a_timeout_message()
    {
        var (session, connection) = await ConnectAsync();
        await using var _ = session;
        var arrived = Arrived(session, 1);

        await connection.SendFrameAsync("stdout", $"export TOKEN={LoopbackShellServer.Token}\r\n");
        await Poll.UntilAsync(arrived, "the frames to arrive");
        var exception = await Assert.ThrowsAsync<TimeoutException>(() => session.ReadUntilAsync("never", TimeSpan.FromMilliseconds(300)));

        Assert.That(exception!.Message, Does.Not.Contain(LoopbackShellServer.Token).And.Contain("export TOKEN=***"));
    }

    [Test]
    public async Task Bad_arguments_raise_ArgumentException_naming_the_parameter()
    {
        var (session, _) = await ConnectAsync();
        await using var __ = session;

        Assert.That((await Assert.ThrowsAsync<ArgumentNullException>(() => session.ReadUntilAsync((string)null!)))!.ParamName, Is.EqualTo("marker"));
        Assert.That((await Assert.ThrowsAsync<ArgumentException>(() => session.ReadUntilAsync(string.Empty)))!.ParamName, Is.EqualTo("marker"));
        Assert.That((await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.ReadUntilAsync("x", TimeSpan.Zero)))!.ParamName, Is.EqualTo("timeout"));
        Assert.That((await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.ReadUntilAsync("x", TimeSpan.FromSeconds(-1))))!.ParamName, Is.EqualTo("timeout"));
        Assert.That((await Assert.ThrowsAsync<ArgumentNullException>(() => session.ReadUntilAsync((Func<string, bool>)null!)))!.ParamName, Is.EqualTo("predicate"));
        Assert.That((await Assert.ThrowsAsync<ArgumentException>(() => session.RunAsync(" \n")))!.ParamName, Is.EqualTo("command"));
        Assert.That((await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => session.RunAsync("ls", TimeSpan.Zero)))!.ParamName, Is.EqualTo("timeout"));
    }

    private async Task<(ShellSession Session, ServerShellConnection Connection)> ConnectAsync()
    {
        var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();
        await connection.ReceiveJsonAsync(); // the initial resize
        return (session, connection);
    }

    /// <summary>
    /// A condition that becomes true once <paramref name="count"/> frames have been received, so that a test knows the
    /// read it starts next takes them (the event is raised just before a frame is queued).
    /// </summary>
    private static Func<bool> Arrived(ShellSession session, int count)
    {
        var received = 0;
        session.FrameReceived += (_, _) => Interlocked.Increment(ref received);
        return () => Volatile.Read(ref received) >= count;
    }
}
