using System.Diagnostics;
using System.Text;

namespace Sockt;

// Reading output as text: ReadUntilAsync (marker or predicate) and RunAsync, built on ReceiveAsync and SendAsync.
public partial class ShellSession
{
    private const int MarkerShownInErrors = 80;
    private const int TailShownInErrors = 200;

    // Frames taken from the queue and handed back: the text after a marker, or everything a failed read took.
    // Read before the queue by every reader (ReceiveAsync, ReadFramesAsync, ReadUntilAsync).
    private readonly object _carryOverGate = new();
    private readonly LinkedList<ShellFrame> _carryOver = new();

    /// <summary>
    /// Reads output until it contains <paramref name="marker"/> and returns the text read up to and including the marker.
    /// A terminal splits output into frames of any size, so one <see cref="ReceiveAsync"/> is rarely one command's output:
    /// this is the loop every caller would otherwise write.
    /// </summary>
    /// <param name="marker">The text to wait for, compared ordinally (case-sensitive, no culture).</param>
    /// <param name="timeout">The overall deadline for the whole read; null uses <see cref="ShellSessionOptions.ReceiveTimeout"/>
    /// (30 s by default). <see cref="Timeout.InfiniteTimeSpan"/> waits until the marker comes or the session ends.</param>
    /// <param name="cancellationToken">Cancels the read; the text read so far is kept for the next read.</param>
    /// <returns>The <c>stdout</c> and <c>stderr</c> text read, in order, up to and including the first occurrence of
    /// <paramref name="marker"/>.</returns>
    /// <remarks>
    /// <para>
    /// What is read: the data of <c>stdout</c> and <c>stderr</c> frames, exactly as the terminal sent it (nothing is
    /// stripped: the echo of typed commands, prompts, <c>\r\n</c> line ends and escape sequences are all there).
    /// Other frames (billing notices, <c>error</c>, unknown types) still reach the events when they arrive, are not part of the text, and are consumed.
    /// </para>
    /// <para>
    /// Text after the marker is not lost: it is kept, and the next read returns it first (<see cref="ReceiveAsync"/> and
    /// <see cref="ReadFramesAsync"/> as a frame of the type it arrived in, <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/>
    /// as the start of its text). Callbacks and events are not raised again for it. A read that fails (timeout,
    /// cancellation, end of session) consumes nothing either: every frame it took is handed back, in order.
    /// </para>
    /// <para>
    /// <b>Pick a marker that only the command's output can contain.</b> The terminal echoes what is typed, so after
    /// <c>SendLineAsync("make; echo DONE")</c> the echo <c>make; echo DONE</c> already contains <c>DONE</c> and the
    /// read returns before <c>make</c> has finished. Let the shell compute the marker so that the typed text differs
    /// from the printed text:
    /// </para>
    /// <code>
    /// await shell.SendLineAsync("make; printf '%s-%s\\n' DONE 42");   // the echo shows "printf '%s-%s\n' DONE 42"
    /// var output = await shell.ReadUntilAsync("DONE-42");             // only printf's output contains "DONE-42"
    /// </code>
    /// <para>
    /// <c>echo "DONE-$((40+2))"</c> works the same way. A fresh marker per command (for example with a counter or a
    /// GUID) keeps late output of one command from ending the wait for the next. <see cref="RunAsync"/> does all of this.
    /// Only one reader should read at a time: concurrent reads each get some of the frames.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="marker"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    /// <exception cref="TimeoutException">The marker did not arrive in time; the message names it and shows the end of
    /// the text read (which stays readable).</exception>
    /// <exception cref="ShellClosedException">The session ended before the marker arrived.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected, or <see cref="ShellSessionOptions.QueueFrames"/> is off.</exception>
    public virtual Task<string> ReadUntilAsync(string marker, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(marker);
        var wait = ResolveReadTimeout(timeout);
        return ReadTextUntilAsync(
            (text, newFrom) => FindMarkerEnd(text, newFrom, marker),
            read => $"The shell output of sandbox {_sandboxId} did not contain \"{ShellTextEscaper.EscapeHead(marker, MarkerShownInErrors)}\" "
                    + $"within {FormatSeconds(wait)}; {DescribeRead(read)}",
            wait,
            cancellationToken);
    }

    /// <summary>
    /// Reads output until <paramref name="predicate"/> accepts the text read so far, and returns that text.
    /// </summary>
    /// <param name="predicate">Called with all the text read so far after every <c>stdout</c>/<c>stderr</c> frame
    /// (so it runs many times over growing text: keep it cheap). Returns true to stop reading.</param>
    /// <param name="timeout">The overall deadline, as for <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels the read; the text read so far is kept for the next read.</param>
    /// <returns>All the text read, through the frame that made <paramref name="predicate"/> return true (nothing is carried over).</returns>
    /// <remarks>Frames and failures are handled as by <see cref="ReadUntilAsync(string, TimeSpan?, CancellationToken)"/>,
    /// whose remarks also explain why a condition must not be met by the echo of the typed command.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    /// <exception cref="TimeoutException">The predicate did not accept the text in time (the text stays readable).</exception>
    /// <exception cref="ShellClosedException">The session ended first.</exception>
    /// <exception cref="InvalidOperationException">The session was never connected, or <see cref="ShellSessionOptions.QueueFrames"/> is off.</exception>
    public virtual Task<string> ReadUntilAsync(Func<string, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var wait = ResolveReadTimeout(timeout);
        return ReadTextUntilAsync(
            (text, _) => predicate(text.ToString()) ? text.Length : -1,
            read => $"The shell output of sandbox {_sandboxId} did not satisfy the condition within {FormatSeconds(wait)}; {DescribeRead(read)}",
            wait,
            cancellationToken);
    }

    /// <summary>
    /// Runs a command line in the shell and returns its output once it has finished: the text between the command's
    /// start and its end, without the echo of the typed line, the prompts or the output of earlier commands.
    /// </summary>
    /// <param name="command">Bash command text, as in a script: it may span several lines and contain any character.</param>
    /// <param name="timeout">How long the command may take; null uses <see cref="ShellSessionOptions.ReceiveTimeout"/> (30 s by default).</param>
    /// <param name="cancellationToken">Stops waiting (the command keeps running in the shell).</param>
    /// <returns>The command's output as the terminal sent it: <c>\r\n</c> line ends, colours and other escape sequences
    /// included; error messages too (a PTY merges standard error into the output).</returns>
    /// <remarks>
    /// <para>
    /// The command runs in the session's shell, so state carries over between calls (<c>cd</c>, <c>export</c>, shell
    /// variables), unlike <c>Sandbox.ExecAsync</c>. What is typed is one line, with a fresh id per call:
    /// </para>
    /// <code>
    ///  printf '__SOCKT_%s_B\n' id; eval $'command'; printf '__SOCKT_%s_E\n' id
    /// </code>
    /// <para>
    /// The markers are assembled by <c>printf</c>, so neither the terminal's echo of the typed line (which the terminal
    /// wraps at its width when the line is long) nor a <c>set -x</c> trace contains them; only the printed markers do.
    /// The command is passed to <c>eval</c> as an ANSI-C quoted word of printable ASCII (other characters as <c>\xHH</c>),
    /// so tabs do not trigger completion, newlines do not end the typed line early, <c>!</c> is not history-expanded,
    /// and a syntax error in the command is reported in the output instead of leaving the shell waiting for more input.
    /// The leading space keeps the line out of bash's history where <c>HISTCONTROL</c> ignores such lines.
    /// </para>
    /// <para>
    /// Output that was waiting unread when the call started (earlier prompts or commands) is discarded. What follows the
    /// end marker (the next prompt) stays readable. The exit status is not reported: print it (<c>echo $?</c>) if needed.
    /// A command that never finishes (waits for input, runs a full-screen program) ends in a
    /// <see cref="TimeoutException"/> while it keeps running: send Ctrl+C (<c>"\u0003"</c>) before the next command.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="command"/> is null, empty or only white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero or negative.</exception>
    /// <exception cref="TimeoutException">The command did not finish in time (the output read stays readable).</exception>
    /// <exception cref="ShellClosedException">The session ended before the command finished (for example it ran <c>exit</c>).</exception>
    /// <exception cref="InvalidOperationException">The session was never connected, or <see cref="ShellSessionOptions.QueueFrames"/> is off.</exception>
    public virtual async Task<string> RunAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var wait = ResolveReadTimeout(timeout);
        var id = Guid.NewGuid().ToString("N");
        var begin = $"__SOCKT_{id}_B";
        var end = $"__SOCKT_{id}_E";

        await SendAsync(
            $" printf '__SOCKT_%s_B\\n' {id}; eval {ShellCommandQuoting.AnsiC(command)}; printf '__SOCKT_%s_E\\n' {id}\n",
            cancellationToken).ConfigureAwait(false);
        var text = await ReadTextUntilAsync(
            (read, newFrom) => FindMarkerEnd(read, newFrom, end),
            read => $"The command \"{ShellTextEscaper.EscapeHead(Secrets.Scrub(command, _bearerToken), MarkerShownInErrors)}\" "
                    + $"did not finish within {FormatSeconds(wait)} in sandbox {_sandboxId} (it may still be running or waiting "
                    + $"for input; send \"\\u0003\" to interrupt it); {DescribeRead(read)}",
            wait,
            cancellationToken).ConfigureAwait(false);

        var start = text.IndexOf(begin, StringComparison.Ordinal);
        start = start < 0 ? 0 : SkipLineBreak(text, start + begin.Length);
        var stop = text.Length - end.Length;
        return stop > start ? text[start..stop] : string.Empty;
    }

    /// <summary>
    /// The read loop behind ReadUntilAsync and RunAsync. <paramref name="findEnd"/> gets the text read so far and where
    /// the newest frame's text starts, and returns the length of the text to return (or -1 to keep reading); the rest
    /// is carried over.
    /// </summary>
    private async Task<string> ReadTextUntilAsync(
        Func<StringBuilder, int, int> findEnd,
        Func<StringBuilder, string> describeTimeout,
        TimeSpan wait,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var taken = new List<ShellFrame>();
        var text = new StringBuilder();
        try
        {
            while (true)
            {
                var frame = TryTakeCarryOver(out var kept)
                    ? kept
                    : await ReceiveAsync(Remaining(wait, started), cancellationToken).ConfigureAwait(false);
                taken.Add(frame);
                if (!frame.IsOutput)
                {
                    continue;
                }

                var newFrom = text.Length;
                text.Append(frame.Data);
                var length = findEnd(text, newFrom);
                if (length >= 0)
                {
                    if (length < text.Length)
                    {
                        HandBack([new ShellFrame(frame.Type, text.ToString(length, text.Length - length))]);
                    }

                    return text.ToString(0, length);
                }
            }
        }
        catch (TimeoutException)
        {
            HandBack(taken);
            throw new TimeoutException(describeTimeout(text));
        }
        catch (Exception)
        {
            HandBack(taken);
            throw;
        }
    }

    private TimeSpan ResolveReadTimeout(TimeSpan? timeout) =>
        timeout is { } given ? ShellSessionOptions.RequireTimeout(given, "timeout") : _options.ReceiveTimeout;

    /// <summary>What is left of an overall deadline, for the next ReceiveAsync; throws once it has passed.</summary>
    private static TimeSpan Remaining(TimeSpan wait, long started)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            return wait;
        }

        var remaining = wait - Stopwatch.GetElapsedTime(started);
        return remaining > TimeSpan.Zero ? remaining : throw new TimeoutException();
    }

    /// <summary>The end of the first <paramref name="marker"/> in <paramref name="text"/>, or -1. Only the part that the
    /// newest frame can have completed is searched, so long outputs are scanned once.</summary>
    private static int FindMarkerEnd(StringBuilder text, int newFrom, string marker)
    {
        var from = Math.Max(0, newFrom - (marker.Length - 1));
        var index = text.ToString(from, text.Length - from).IndexOf(marker, StringComparison.Ordinal);
        return index < 0 ? -1 : from + index + marker.Length;
    }

    private static int SkipLineBreak(string text, int index)
    {
        if (index < text.Length && text[index] == '\r')
        {
            index++;
        }

        return index < text.Length && text[index] == '\n' ? index + 1 : index;
    }

    private string DescribeRead(StringBuilder read) =>
        read.Length == 0
            ? "no output was read."
            : $"{read.Length} characters were read (they stay readable), ending with "
              + $"\"{ShellTextEscaper.EscapeTail(Secrets.Scrub(read.ToString(), _bearerToken), TailShownInErrors)}\".";

    private bool TryTakeCarryOver(out ShellFrame frame)
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

    /// <summary>Puts frames back in front of everything else, in their order, for the next reader.</summary>
    private void HandBack(IReadOnlyList<ShellFrame> frames)
    {
        lock (_carryOverGate)
        {
            for (var i = frames.Count - 1; i >= 0; i--)
            {
                _carryOver.AddFirst(frames[i]);
            }
        }
    }
}
