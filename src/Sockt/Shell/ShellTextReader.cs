using System.Diagnostics;
using System.Text;

namespace Sockt;

/// <summary>
/// Reads output as text for <see cref="ShellSession.ReadUntilAsync(string, TimeSpan?, CancellationToken)"/> and
/// <see cref="ShellSession.RunAsync"/>: accumulates <c>stdout</c>/<c>stderr</c> frames until a condition holds, carries
/// what follows over to the next read, and hands everything back when a read fails.
/// </summary>
internal sealed class ShellTextReader
{
    private const int MarkerShownInErrors = 80;
    private const int TailShownInErrors = 200;

    private readonly Func<TimeSpan, CancellationToken, Task<ShellFrame>> _receive;
    private readonly ShellFrameQueue _frames;
    private readonly string _sandboxId;
    private readonly string _bearerToken;

    /// <summary>Creates the reader.</summary>
    /// <param name="receive">Takes the next frame (the session's <c>ReceiveAsync</c>, so that a mocked session reads its script).</param>
    /// <param name="frames">Where text read past the end is handed back (its carry-over).</param>
    /// <param name="sandboxId">For messages.</param>
    /// <param name="bearerToken">Scrubbed from every message.</param>
    internal ShellTextReader(Func<TimeSpan, CancellationToken, Task<ShellFrame>> receive, ShellFrameQueue frames, string sandboxId, string bearerToken)
    {
        _receive = receive;
        _frames = frames;
        _sandboxId = sandboxId;
        _bearerToken = bearerToken;
    }

    /// <summary>The text up to and including the first <paramref name="marker"/>.</summary>
    internal Task<string> ReadUntilMarkerAsync(string marker, TimeSpan wait, CancellationToken cancellationToken) =>
        ReadUntilAsync(
            (text, newFrom) => FindMarkerEnd(text, newFrom, marker),
            read => $"The shell output of sandbox {_sandboxId} did not contain \"{ShellTextEscaper.EscapeHead(marker, MarkerShownInErrors)}\" "
                    + $"within {ShellDuration.Format(wait)}; {DescribeRead(read)}",
            wait,
            cancellationToken);

    /// <summary>All the text through the frame that made <paramref name="predicate"/> accept it.</summary>
    internal Task<string> ReadUntilAcceptedAsync(Func<string, bool> predicate, TimeSpan wait, CancellationToken cancellationToken) =>
        ReadUntilAsync(
            (text, _) => predicate(text.ToString()) ? text.Length : -1,
            read => $"The shell output of sandbox {_sandboxId} did not satisfy the condition within {ShellDuration.Format(wait)}; {DescribeRead(read)}",
            wait,
            cancellationToken);

    /// <summary>
    /// The output between the begin and end markers that <see cref="ShellSession.RunAsync"/> typed around
    /// <paramref name="command"/> (markers <c>__SOCKT_{id}_B</c> and <c>__SOCKT_{id}_E</c>).
    /// </summary>
    internal async Task<string> ReadCommandOutputAsync(string id, string command, TimeSpan wait, CancellationToken cancellationToken)
    {
        var begin = $"__SOCKT_{id}_B";
        var end = $"__SOCKT_{id}_E";
        var text = await ReadUntilAsync(
            (read, newFrom) => FindMarkerEnd(read, newFrom, end),
            read => $"The command \"{ShellTextEscaper.EscapeHead(Secrets.Scrub(command, _bearerToken), MarkerShownInErrors)}\" "
                    + $"did not finish within {ShellDuration.Format(wait)} in sandbox {_sandboxId} (it may still be running or waiting "
                    + $"for input; send \"\\u0003\" to interrupt it); {DescribeRead(read)}",
            wait,
            cancellationToken).ConfigureAwait(false);

        var start = text.IndexOf(begin, StringComparison.Ordinal);
        start = start < 0 ? 0 : SkipLineBreak(text, start + begin.Length);
        var stop = text.Length - end.Length;
        return stop > start ? text[start..stop] : string.Empty;
    }

    /// <summary>
    /// The read loop. <paramref name="findEnd"/> gets the text read so far and where the newest frame's text starts, and
    /// returns the length of the text to return (or -1 to keep reading); the rest is carried over.
    /// </summary>
    private async Task<string> ReadUntilAsync(
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
                // The carry-over directly: a mocked ReceiveAsync would not look there.
                var frame = _frames.TryTakeCarryOver(out var kept)
                    ? kept
                    : await _receive(Remaining(wait, started), cancellationToken).ConfigureAwait(false);
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
                        _frames.HandBack([new ShellFrame(frame.Type, text.ToString(length, text.Length - length))]);
                    }

                    return text.ToString(0, length);
                }
            }
        }
        catch (TimeoutException)
        {
            _frames.HandBack(taken);
            throw new TimeoutException(describeTimeout(text));
        }
        catch (Exception)
        {
            _frames.HandBack(taken);
            throw;
        }
    }

    /// <summary>What is left of an overall deadline, for the next receive; throws once it has passed.</summary>
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
}
