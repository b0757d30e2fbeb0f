using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging.Testing;

namespace Sockt.Shell.Tests.Loopback;

/// <summary>The client side of the shell protocol against a real loopback WebSocket server.</summary>
public sealed class ShellSessionProtocolTests : LoopbackServerTest
{
    [Test]
    public async Task Connect_sends_the_bearer_header_then_the_initial_resize_frame()
    {
        await using var session = await Server.ConnectAsync(new ShellSessionOptions { Columns = 132, Rows = 43 });
        var connection = await Server.AcceptAsync();

        var first = await connection.ReceiveJsonAsync();

        Assert.That(Server.AuthorizationHeaders, Is.EqualTo(new[] { "Bearer " + LoopbackShellServer.Token }));
        Assert.That(first.GetProperty("type").GetString(), Is.EqualTo("resize"));
        Assert.That(first.GetProperty("cols").GetInt32(), Is.EqualTo(132));
        Assert.That(first.GetProperty("rows").GetInt32(), Is.EqualTo(43));
        Assert.That(session.IsConnected, Is.True);
    }

    [Test]
    public async Task The_session_keeps_its_own_copy_of_the_options()
    {
        var options = new ShellSessionOptions { Columns = 100 };
        var session = Server.CreateSession(options);
        options.Columns = 10;
        await using var connected = await session.OpenAsync(CancellationToken.None);
        var connection = await Server.AcceptAsync();

        var first = await connection.ReceiveJsonAsync();

        Assert.That(first.GetProperty("cols").GetInt32(), Is.EqualTo(100));
    }

    [Test]
    public async Task Default_terminal_size_is_80_by_24()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();

        var first = await connection.ReceiveJsonAsync();

        Assert.That((first.GetProperty("cols").GetInt32(), first.GetProperty("rows").GetInt32()), Is.EqualTo((80, 24)));
    }

    [Test]
    public async Task Input_line_and_resize_frames_have_the_documented_shape()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();
        await connection.ReceiveJsonAsync(); // initial resize

        await session.SendAsync("ls\u0003");
        await session.SendLineAsync("echo \"héllo\" <&>");
        await session.ResizeAsync(120, 40);

        var input = await connection.ReceiveJsonAsync();
        var line = await connection.ReceiveJsonAsync();
        var resize = await connection.ReceiveJsonAsync();
        Assert.That(input.GetProperty("type").GetString(), Is.EqualTo("input"));
        Assert.That(input.GetProperty("data").GetString(), Is.EqualTo("ls\u0003"));
        Assert.That(line.GetProperty("data").GetString(), Is.EqualTo("echo \"héllo\" <&>\n"));
        Assert.That(resize.GetProperty("type").GetString(), Is.EqualTo("resize"));
        Assert.That((resize.GetProperty("cols").GetInt32(), resize.GetProperty("rows").GetInt32()), Is.EqualTo((120, 40)));
    }

    [Test]
    public async Task Long_input_is_split_into_frames_of_at_most_4096_bytes_that_reassemble_exactly()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();
        await connection.ReceiveJsonAsync();
        var text = string.Concat(Enumerable.Range(0, 3000).Select(i => i % 7 == 0 ? "😀" : "é" + i));

        await session.SendAsync(text);

        var received = new StringBuilder();
        while (received.Length < text.Length)
        {
            var frame = await connection.ReceiveJsonAsync();
            var data = frame.GetProperty("data").GetString()!;
            Assert.That(Encoding.UTF8.GetByteCount(data), Is.LessThanOrEqualTo(4096));
            received.Append(data);
        }

        Assert.That(received.ToString(), Is.EqualTo(text));
    }

    [Test]
    public async Task Frames_sent_right_after_the_upgrade_are_not_lost_and_arrive_in_order()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();
        for (var i = 0; i < 500; i++)
        {
            await connection.SendFrameAsync("stdout", $"line {i}\n");
        }

        for (var i = 0; i < 500; i++)
        {
            var frame = await session.ReceiveAsync(Deadline.Default);
            Assert.That(frame, Is.EqualTo(new ShellFrame("stdout", $"line {i}\n")));
        }
    }

    [Test]
    public async Task Messages_that_are_not_shell_frames_are_surfaced_as_raw_stdout_and_unknown_types_as_they_are()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();

        await connection.SendTextAsync("plain text, not JSON");
        await connection.SendTextAsync("{\"type\":\"stdout\",\"data\":42}");
        await connection.SendTextAsync("{\"type\":\"stdout\",\"data\":\"broken");
        await connection.SendTextAsync("[1,2,3]");
        await connection.SendTextAsync("{\"type\":\"exit\",\"data\":\"0\"}");
        await connection.SendTextAsync("{\"type\":\"low_balance\"}");
        await connection.SendBinaryAsync(Encoding.UTF8.GetBytes("binary ✓"));

        var frames = new List<ShellFrame>();
        for (var i = 0; i < 7; i++)
        {
            frames.Add(await session.ReceiveAsync(Deadline.Default));
        }

        Assert.That(frames, Is.EqualTo(new[]
        {
            new ShellFrame("stdout", "plain text, not JSON"),
            new ShellFrame("stdout", "{\"type\":\"stdout\",\"data\":42}"),
            new ShellFrame("stdout", "{\"type\":\"stdout\",\"data\":\"broken"),
            new ShellFrame("stdout", "[1,2,3]"),
            new ShellFrame("exit", "0"),
            new ShellFrame("low_balance", string.Empty),
            new ShellFrame("stdout", "binary ✓"),
        }));
    }

    [Test]
    public async Task A_character_split_across_two_binary_messages_is_decoded_whole()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();
        var bytes = Encoding.UTF8.GetBytes("a€b"); // € is three bytes: split it 1 + 2

        await connection.SendBinaryAsync(bytes[..2]);
        await connection.SendBinaryAsync(bytes[2..]);

        var first = await session.ReceiveAsync(Deadline.Default);
        var second = await session.ReceiveAsync(Deadline.Default);
        Assert.That(first.Data + second.Data, Is.EqualTo("a€b"));
    }

    [Test]
    public async Task Receive_timeout_raises_TimeoutException_and_the_session_stays_usable()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => session.ReceiveAsync(TimeSpan.FromMilliseconds(200)));
        await connection.SendFrameAsync("stdout", "later");
        var frame = await session.ReceiveAsync(Deadline.Default);

        Assert.That(timeout!.Message, Does.StartWith("No shell frame received within 0.2 s"));
        Assert.That(frame.Data, Is.EqualTo("later"));
    }

    [Test]
    public async Task Cancelling_a_receive_raises_OperationCanceledException_and_consumes_nothing()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();
        using var cancellation = new CancellationTokenSource();

        var pending = session.ReceiveAsync(Timeout.InfiniteTimeSpan, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThatAsync(async () => await pending, Throws.InstanceOf<OperationCanceledException>());
        await connection.SendFrameAsync("stdout", "kept");
        Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("kept"));
    }

    [Test]
    public async Task Server_closing_normally_delivers_earlier_frames_then_ends_reading_with_ShellClosedException()
    {
        await using var session = await Server.ConnectAsync();
        var closed = new List<ShellClosedEventArgs>();
        session.Closed += (_, args) => closed.Add(args);
        var connection = await Server.AcceptAsync();

        await connection.SendFrameAsync("stdout", "bye\n");
        await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "shell exited");

        Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("bye\n"));
        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => session.ReceiveAsync(Deadline.Default));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
        Assert.That(exception.CloseStatus, Is.EqualTo(WebSocketCloseStatus.NormalClosure));
        Assert.That(exception.CloseDescription, Is.EqualTo("shell exited"));
        Assert.That(exception.Message, Does.Contain("closed the shell session"));
        Assert.That(exception, Is.InstanceOf<SocktException>());
        Assert.That(closed, Has.Count.EqualTo(1));
        Assert.That(closed[0].Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
        Assert.That(session.IsConnected, Is.False);
        await Assert.ThrowsAsync<ShellClosedException>(() => session.SendLineAsync("echo too late"));
    }

    [Test]
    public async Task Server_closing_normally_ends_the_frame_stream_without_an_error()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();
        await connection.SendFrameAsync("stdout", "one");
        await connection.SendFrameAsync("stdout", "two");
        await connection.CloseAsync();

        var data = new List<string>();
        await foreach (var frame in session.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Deadline.Default).Token))
        {
            data.Add(frame.Data);
        }

        Assert.That(data, Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public async Task Server_closing_with_an_error_status_makes_the_frame_stream_throw()
    {
        await using var session = await Server.ConnectAsync();
        var connection = await Server.AcceptAsync();
        await connection.SendFrameAsync("stdout", "partial");
        await connection.CloseAsync(WebSocketCloseStatus.InternalServerError, "pty died");

        var data = new List<string>();
        var exception = await Assert.ThrowsAsync<ShellClosedException>(async () =>
        {
            await foreach (var frame in session.ReadFramesAsync())
            {
                data.Add(frame.Data);
            }
        });

        Assert.That(data, Is.EqualTo(new[] { "partial" }));
        Assert.That(exception!.CloseStatus, Is.EqualTo(WebSocketCloseStatus.InternalServerError));
        Assert.That(exception.Message, Does.Contain("pty died"));
    }

    [Test]
    public async Task An_error_frame_then_a_1009_close_surface_as_an_Error_event_and_a_ShellClosedException_naming_the_status()
    {
        // What the emulator does with a client message over its 1 MiB limit (this client never sends one: input is
        // split into 4096-byte frames), and with a bad frame (an error frame, the session goes on).
        await using var session = await Server.ConnectAsync();
        var errors = new List<string>();
        session.Error += (_, args) => errors.Add(args.Frame.Data);
        var connection = await Server.AcceptAsync();
        await connection.SendFrameAsync("error", "malformed frame");
        await connection.SendFrameAsync("stdout", "still here");
        await connection.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too large");

        var first = await session.ReceiveAsync(Deadline.Default);
        var second = await session.ReceiveAsync(Deadline.Default);
        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => session.ReceiveAsync(Deadline.Default));

        Assert.That((first.Type, first.Data), Is.EqualTo((ShellFrameType.Error, "malformed frame")));
        Assert.That(second.Data, Is.EqualTo("still here"));
        Assert.That(errors, Is.EqualTo(new[] { "malformed frame" }));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
        Assert.That(exception.CloseStatus, Is.EqualTo(WebSocketCloseStatus.MessageTooBig));
        Assert.That(exception.Message, Does.Contain("1009").And.Contain("message too large"));
    }

    [Test]
    public async Task A_dropped_connection_ends_a_pending_receive_with_ShellClosedException()
    {
        await using var session = await Server.ConnectAsync();
        var closed = new TaskCompletionSource<ShellClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Closed += (_, args) => closed.TrySetResult(args);
        var connection = await Server.AcceptAsync();

        var pending = session.ReceiveAsync(Timeout.InfiniteTimeSpan);
        connection.Abort();

        var exception = await Assert.ThrowsAsync<ShellClosedException>(async () => await pending.WaitAsync(Deadline.Default));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ConnectionLost));
        Assert.That(exception.Message, Does.Contain("was lost"));
        Assert.That((await closed.Task.WaitAsync(Deadline.Default)).Reason, Is.EqualTo(ShellCloseReason.ConnectionLost));
    }

    [Test]
    public async Task Closing_while_the_server_floods_output_ends_cleanly()
    {
        await using var session = await Server.ConnectAsync(new ShellSessionOptions { ReceiveBufferCapacity = 8 });
        var connection = await Server.AcceptAsync();
        using var stopFlood = new CancellationTokenSource();
        var flood = Task.Run(async () =>
        {
            var chunk = new string('x', 4000);
            try
            {
                while (!stopFlood.IsCancellationRequested)
                {
                    await connection.SendFrameAsync("stdout", chunk);
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or IOException)
            {
                // the client went away: expected
            }
        });
        await session.ReceiveAsync(Deadline.Default); // output is flowing

        await session.CloseAsync().WaitAsync(Deadline.Default);
        var afterClose = new List<ShellFrame>();
        await foreach (var frame in session.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Deadline.Default).Token))
        {
            afterClose.Add(frame);
        }

        Assert.That(afterClose, Has.Count.LessThanOrEqualTo(8), "only frames queued before the close remain");
        Assert.That(session.IsConnected, Is.False);
        await Assert.ThrowsAsync<ShellClosedException>(() => session.ReceiveAsync(Deadline.Default));
        await stopFlood.CancelAsync();
        connection.Release();
        await flood.WaitAsync(Deadline.Default);
    }

    [TestCase(401)]
    [TestCase(403)]
    public async Task A_refused_credential_on_the_upgrade_raises_AuthenticationException(int status)
    {
        Server.RejectUpgradeWith = status;
        var exception = await Assert.ThrowsAsync<AuthenticationException>(() => Server.ConnectAsync());

        Assert.That(exception!.StatusCode, Is.EqualTo(status));
        Assert.That(exception.Message, Does.Not.Contain(LoopbackShellServer.Token));
    }

    [Test]
    public async Task A_409_on_the_upgrade_raises_SandboxNotRunningException()
    {
        Server.RejectUpgradeWith = 409;
        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => Server.ConnectAsync());

        Assert.That(exception!.SandboxId, Is.EqualTo(LoopbackShellServer.SandboxId));
    }

    [Test]
    public async Task Another_refused_upgrade_raises_SocktException_with_the_status_and_without_the_url_query()
    {
        Server.RejectUpgradeWith = 500;
        var url = new Uri(Server.ShellUrl + "?ticket=tkt_supersecret");
        var exception = await Assert.ThrowsAsync<SocktException>(() => Server.ConnectAsync(shellUrl: url));

        Assert.That(exception!.StatusCode, Is.EqualTo(500));
        Assert.That(exception.Message, Does.Contain("HTTP 500").And.Not.Contain("tkt_supersecret"));
    }

    [Test]
    public async Task A_failed_connect_can_be_retried()
    {
        Server.RejectUpgradeWith = 503;
        await Assert.ThrowsAsync<SocktException>(() => Server.ConnectAsync());

        Server.RejectUpgradeWith = null;
        await using var session = await Server.ConnectAsync();

        Assert.That(session.IsConnected, Is.True);
    }

    [Test]
    public async Task Connecting_to_a_sandbox_that_is_not_running_raises_SandboxNotRunningException_without_dialling()
    {
        var resolved = 0;
        var exception = await Assert.ThrowsAsync<SandboxNotRunningException>(() => Server.ConnectAsync(status: () => SandboxState.Paused.ToString(), onResolve: () => resolved++));

        Assert.That(exception!.LastStatus, Is.EqualTo(SandboxState.Paused));
        Assert.That(exception.Message, Does.Contain("paused"));
        Assert.That(resolved, Is.Zero);
        Assert.That(Server.AuthorizationHeaders, Is.Empty);
    }

    [Test]
    public async Task Nothing_listening_raises_SocktException_instead_of_hanging()
    {
        var unused = new Uri($"ws://127.0.0.1:{FreePort.Find()}/v1/sandboxes/x/shell");
        await Assert.ThatAsync(() => Server.ConnectAsync(shellUrl: unused).WaitAsync(Deadline.Default), Throws.InstanceOf<SocktException>());
    }

    [Test]
    public async Task A_server_that_never_answers_the_upgrade_raises_TimeoutException()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts TCP connections (backlog) but never speaks HTTP
        var url = new Uri($"ws://127.0.0.1:{((System.Net.IPEndPoint)silent.LocalEndpoint).Port}/v1/sandboxes/x/shell");
        var exception = await Assert.ThrowsAsync<TimeoutException>(() => Server.ConnectAsync(new ShellSessionOptions { ConnectTimeout = TimeSpan.FromMilliseconds(300) }, shellUrl: url).WaitAsync(Deadline.Default));

        Assert.That(exception!.Message, Does.Contain("did not open within 0.3 s"));
    }

    [Test]
    public async Task Cancelling_a_connect_raises_OperationCanceledException_and_a_new_connect_succeeds()
    {
        using var cancellation = new CancellationTokenSource();
        var blocked = new ShellSession(
            LoopbackShellServer.SandboxId,
            _ => Task.FromResult(Server.ShellUrl),
            LoopbackShellServer.Token,
            async ct =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return SandboxState.Running.ToString();
            });

        var connecting = blocked.OpenAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThatAsync(() => connecting.WaitAsync(Deadline.Default), Throws.InstanceOf<OperationCanceledException>());
        await using var session = await Server.ConnectAsync();
        Assert.That(session.IsConnected, Is.True);
    }

    [Test]
    public async Task A_session_idle_for_longer_than_the_connect_timeout_stays_open()
    {
        await using var session = await Server.ConnectAsync(new ShellSessionOptions { ConnectTimeout = TimeSpan.FromMilliseconds(500) });
        var connection = await Server.AcceptAsync();

        // The receive timeout is the wait: the connect timeout elapses meanwhile.
        await Assert.ThrowsAsync<TimeoutException>(() => session.ReceiveAsync(TimeSpan.FromSeconds(1)));
        await connection.SendFrameAsync("stdout", "still here");

        Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("still here"));
        Assert.That(session.IsConnected, Is.True);
    }

    [Test]
    public async Task Bad_arguments_raise_ArgumentException_naming_the_parameter()
    {
        await using var session = await Server.ConnectAsync();

        await Assert.ThatAsync(() => session.ResizeAsync(0, 24), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("cols"));
        await Assert.ThatAsync(() => session.ResizeAsync(80, -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("rows"));
        await Assert.ThatAsync(() => session.SendAsync(null!), Throws.ArgumentNullException.With.Property("ParamName").EqualTo("text"));
        await Assert.ThatAsync(() => session.ReceiveAsync(TimeSpan.Zero), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("timeout"));
    }

    [Test]
    public async Task Events_fire_per_frame_and_a_throwing_handler_does_not_end_the_session()
    {
        await using var session = await Server.ConnectAsync();
        var stdout = new List<string>();
        var output = new List<string>();
        var billing = new List<string>();
        var errors = new List<string>();
        var types = new List<ShellFrameType>();
        void Removed(object? sender, ShellFrameEventArgs args) => stdout.Add("removed handler ran");
        session.FrameReceived += (_, _) => throw new InvalidOperationException("handler bug");
        session.FrameReceived += (_, args) => types.Add(args.Frame.Type);
        session.FrameReceived += (_, args) =>
        {
            if (args.Frame.Type == ShellFrameType.Stdout)
            {
                stdout.Add(args.Frame.Data);
            }
        };
        session.FrameReceived += Removed;
        session.FrameReceived -= Removed;
        session.Output += (_, args) => output.Add(args.Frame.Data);
        session.Output += (_, _) => throw new InvalidOperationException("event handler bug");
        session.BillingWarning += (_, args) => billing.Add(args.Frame.Type.ToString());
        session.Error += (_, args) => errors.Add(args.Frame.Data);
        var connection = await Server.AcceptAsync();

        await connection.SendFrameAsync("stdout", "a");
        await connection.SendFrameAsync("low_balance", "top up soon");
        await connection.SendFrameAsync("error", "oops");
        await connection.SendFrameAsync("stdout", "b");
        for (var i = 0; i < 4; i++)
        {
            await session.ReceiveAsync(Deadline.Default);
        }

        Assert.That(stdout, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(types, Is.EqualTo(new[] { ShellFrameType.Stdout, ShellFrameType.LowBalance, ShellFrameType.Error, ShellFrameType.Stdout }));
        Assert.That(output, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(billing, Is.EqualTo(new[] { "low_balance" }));
        Assert.That(errors, Is.EqualTo(new[] { "oops" }));
        Assert.That(session.IsConnected, Is.True);
    }

    [Test]
    public async Task Without_queueing_events_keep_firing_beyond_the_capacity_and_reading_is_refused()
    {
        await using var session = await Server.ConnectAsync(new ShellSessionOptions { QueueFrames = false, ReceiveBufferCapacity = 2 });
        var count = 0;
        session.Output += (_, _) => Interlocked.Increment(ref count);
        var connection = await Server.AcceptAsync();

        for (var i = 0; i < 50; i++)
        {
            await connection.SendFrameAsync("stdout", "x");
        }

        await Poll.UntilAsync(() => Volatile.Read(ref count) == 50, "all 50 frames to raise Output");
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.ReceiveAsync());
    }

    [Test]
    public async Task No_secret_appears_in_ToString_exceptions_or_logs()
    {
        var logger = new FakeLogger();
        var url = new Uri(Server.ShellUrl + "?ticket=tkt_supersecret");
        await using var session = await Server.ConnectAsync(shellUrl: url, logger: logger);
        var connection = await Server.AcceptAsync();
        await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "bad " + LoopbackShellServer.Token);

        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => session.ReceiveAsync(Deadline.Default));
        var lines = logger.Collector.GetSnapshot().Select(record => $"{record.Level}: {record.Message} {record.Exception}").ToArray();
        var texts = lines.Concat(new[] { session.ToString(), exception!.ToString(), exception.CloseDescription ?? string.Empty });

        Assert.That(session.ToString(), Does.Contain("?<redacted>"));
        Assert.That(lines, Is.Not.Empty);
        Assert.That(texts, Has.None.Contains("tkt_supersecret"));
        Assert.That(texts, Has.None.Contains(LoopbackShellServer.Token));
    }

    [Test]
    public async Task Without_auto_reconnect_a_dropped_connection_is_not_reopened()
    {
        var resolved = 0;
        await using var session = await Server.ConnectAsync(onResolve: () => Interlocked.Increment(ref resolved));
        var connection = await Server.AcceptAsync();

        connection.Abort();

        await Assert.ThrowsAsync<ShellClosedException>(() => session.ReceiveAsync(Deadline.Default));
        Assert.That(resolved, Is.EqualTo(1));
        Assert.That(Server.AuthorizationHeaders, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task With_auto_reconnect_a_dropped_connection_is_reopened_with_a_fresh_url_and_the_last_size()
    {
        var resolved = 0;
        await using var session = await Server.ConnectAsync(
            new ShellSessionOptions { AutoReconnect = true, ReconnectDelay = TimeSpan.FromMilliseconds(100) },
            onResolve: () => Interlocked.Increment(ref resolved));
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Reconnected += (_, _) => reconnected.TrySetResult();
        var first = await Server.AcceptAsync();
        await first.ReceiveJsonAsync();
        await session.ResizeAsync(100, 30);
        await first.ReceiveJsonAsync();

        first.Abort();
        var second = await Server.AcceptAsync();
        var restored = await second.ReceiveJsonAsync();
        await second.SendFrameAsync("stdout", "new shell");

        await reconnected.Task.WaitAsync(Deadline.Default);
        Assert.That((restored.GetProperty("cols").GetInt32(), restored.GetProperty("rows").GetInt32()), Is.EqualTo((100, 30)));
        Assert.That((await session.ReceiveAsync(Deadline.Default)).Data, Is.EqualTo("new shell"));
        Assert.That(resolved, Is.EqualTo(2));
    }

    [Test]
    public async Task With_auto_reconnect_a_sandbox_that_stopped_running_ends_the_session()
    {
        var status = SandboxState.Running.ToString();
        await using var session = await Server.ConnectAsync(
            new ShellSessionOptions { AutoReconnect = true, ReconnectDelay = TimeSpan.FromMilliseconds(50) },
            status: () => Volatile.Read(ref status));
        var connection = await Server.AcceptAsync();

        Volatile.Write(ref status, SandboxState.Paused.ToString());
        connection.Abort();

        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => session.ReceiveAsync(Deadline.Default));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ConnectionLost));
        Assert.That(exception.InnerException, Is.InstanceOf<SandboxNotRunningException>());
    }

    [Test]
    public async Task With_auto_reconnect_a_refused_credential_ends_the_session()
    {
        await using var session = await Server.ConnectAsync(
            new ShellSessionOptions { AutoReconnect = true, ReconnectDelay = TimeSpan.FromMilliseconds(50) });
        var connection = await Server.AcceptAsync();

        Server.RejectUpgradeWith = 401;
        connection.Abort();

        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => session.ReceiveAsync(Deadline.Default));
        Assert.That(exception!.InnerException, Is.InstanceOf<AuthenticationException>());
    }

    [Test]
    public async Task With_auto_reconnect_a_normal_close_by_the_server_still_ends_the_session()
    {
        await using var session = await Server.ConnectAsync(new ShellSessionOptions { AutoReconnect = true });
        var connection = await Server.AcceptAsync();

        await connection.CloseAsync();

        var exception = await Assert.ThrowsAsync<ShellClosedException>(() => session.ReceiveAsync(Deadline.Default));
        Assert.That(exception!.Reason, Is.EqualTo(ShellCloseReason.ClosedByServer));
    }
}
