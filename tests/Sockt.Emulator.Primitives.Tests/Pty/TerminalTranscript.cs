using System.Text;
using Sockt.Emulator.Pty;

namespace Sockt.Emulator.Primitives.Tests.Pty;

/// <summary>
/// Reads a <see cref="PtyProcess"/>'s output in the background and lets a test wait, with a deadline, until
/// some text has appeared or the output has ended. The deadline is a failure guard, never a measurement.
/// </summary>
internal sealed class TerminalTranscript
{
    /// <summary>Generous: CI machines have 2 cores and run other suites at the same time.</summary>
    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly MemoryStream _bytes = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _ended;

    private TerminalTranscript(Stream output) => Completion = PumpAsync(output);

    /// <summary>Completes when the output stream returned 0 (end of output).</summary>
    internal Task Completion { get; }

    internal string Text
    {
        get
        {
            lock (_gate)
            {
                return Decode();
            }
        }
    }

    internal static TerminalTranscript Of(PtyProcess pty) => new(pty.Output);

    /// <summary>Waits until <paramref name="marker"/> appears; fails with the transcript on deadline or end of output.</summary>
    internal async Task WaitForAsync(string marker)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (Decode().Contains(marker, StringComparison.Ordinal))
                {
                    return;
                }

                if (_ended)
                {
                    Assert.Fail($"Output ended without '{marker}'. Transcript:\n{Tail()}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"'{marker}' did not appear within {Deadline.TotalSeconds} s. Transcript:\n{Tail()}");
            }
        }
    }

    /// <summary>Waits until the output has ended; fails on deadline.</summary>
    internal async Task WaitForEndAsync()
    {
        try
        {
            await Completion.WaitAsync(Deadline);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Output did not end within {Deadline.TotalSeconds} s. Transcript:\n{Tail()}");
        }
    }

    private string Decode() => Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);

    private string Tail()
    {
        var text = Text;
        return text.Length <= 2000 ? text : text[^2000..];
    }

    private async Task PumpAsync(Stream output)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int count;
            while ((count = await output.ReadAsync(buffer)) > 0)
            {
                lock (_gate)
                {
                    _bytes.Write(buffer, 0, count);
                    Signal();
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _ended = true;
                Signal();
            }
        }
    }

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
