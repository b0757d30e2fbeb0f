using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sockt.Emulator.Pty;

/// <summary>
/// A program running in a real pseudo-terminal: it runs in a new session whose controlling terminal is the PTY
/// slave, so <c>tty</c>, job control, Ctrl+C (byte 0x03 → SIGINT to the foreground process group) and
/// SIGWINCH on <see cref="Resize(int, int)"/> behave as in a terminal emulator. Linux only.
/// </summary>
/// <remarks>
/// <para>
/// How the child is started, and why: .NET cannot safely fork() and run code in the child, and a child spawned
/// with P/Invoke (posix_spawn) would be reaped behind the back of System.Diagnostics.Process's SIGCHLD handling.
/// So the child is started with <see cref="Process"/> through a two-step launcher:
/// <c>/bin/sh -c 'exec setsid --ctty --wait "$@" &lt;$pts &gt;$pts 2&gt;&amp;1'</c>. The shell points stdin,
/// stdout and stderr at the slave (it is no session leader, so opening the slave does not make it anyone's
/// controlling terminal), then execs util-linux <c>setsid</c>, which calls setsid() and TIOCSCTTY on stdin and
/// finally execs the program. Both steps exec in place, so <see cref="ProcessId"/> is the program's pid and
/// also its session id, and the exit code is the program's.
/// </para>
/// <para>
/// The parent keeps its own slave descriptor open until the program exits: reading a master whose slave nobody
/// holds fails with EIO, which must not end <see cref="Output"/> before the child had a chance to open it.
/// After exit it is closed, so the master reports EIO (end of output) once the last holder of the slave is gone.
/// </para>
/// <para>
/// Under bubblewrap: with <c>--dev /dev</c> the sandbox gets a fresh devpts, yet the inherited slave still works
/// as the controlling terminal (isatty, stty, Ctrl+C, SIGWINCH); bwrap bind-mounts it over /dev/console, so
/// <c>tty</c> prints /dev/console. Adding <c>--dev-bind /dev/pts /dev/pts</c> after <c>--dev /dev</c> makes
/// <c>tty</c> print the /dev/pts/N name, at the cost of showing the host's PTYs to the sandbox. Do not pass
/// <c>--new-session</c>: it detaches the program from the terminal (bash reports "no job control", Ctrl+C does
/// nothing). A read-only <c>--ro-bind / /</c> root needs <c>--tmpfs /home</c> before <c>--bind DIR /home/sandbox</c>,
/// or bwrap cannot create the mount point. With <c>--unshare-pid</c>, the sandbox's leftovers die with the
/// program (the pid namespace ends), so <see cref="Output"/> ends with it.
/// </para>
/// <para>
/// The launcher is forked by the thread that calls <see cref="Start"/>. bwrap's <c>--die-with-parent</c> uses
/// PR_SET_PDEATHSIG, which fires when that <em>thread</em> exits, so call <see cref="Start"/> from a thread that
/// lives as long as the program should (not a thread-pool thread that may retire).
/// </para>
/// </remarks>
public sealed class PtyProcess : IAsyncDisposable
{
    private const int ChunkSize = 64 * 1024;
    private const int MaxFormerSizes = 8;
    private static readonly string[] SetsidCandidates = ["/usr/bin/setsid", "/bin/setsid"];
    private static readonly byte[] WakeValue = BitConverter.GetBytes(1UL);

    // sh -c script: $1 = setsid path, $2 = slave path, the rest = program and arguments.
    private const string LauncherScript = "s=$1; p=$2; shift 2; exec \"$s\" --ctty --wait \"$@\" <\"$p\" >\"$p\" 2>&1";

    private readonly Process _process;
    private readonly SafeFileHandle _master;
    private readonly SafeFileHandle _wake;
    private readonly PtyOutputStream _output = new();
    private readonly CancellationTokenSource _stopReader = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Task _readerDone;
    private readonly Task<int> _exited;
    private readonly Lock _killLock = new();
    // Guards the size: set by Resize, restored by the reader thread (see RestoreRequestedSize).
    private readonly Lock _sizeLock = new();
    private readonly List<(int Columns, int Rows)> _formerSizes = [];
    private (int Columns, int Rows) _requestedSize;
    private SafeFileHandle? _slave;
    private bool _sessionGone;
    private int _disposed;

    private PtyProcess(Process process, SafeFileHandle master, SafeFileHandle slave, SafeFileHandle wake, (int Columns, int Rows) size)
    {
        _requestedSize = size;
        _process = process;
        _master = master;
        _slave = slave;
        _wake = wake;
        ProcessId = process.Id;
        _exited = ObserveExitAsync(); // first: the reader's hang-up handling looks at it
        _readerDone = StartReader();
    }

    /// <summary>The program's process id; it is also the id of its session.</summary>
    public int ProcessId { get; }

    /// <summary>
    /// Everything the program (and anything else holding the terminal) writes, as a read-only stream that must
    /// be read asynchronously. It ends (ReadAsync returns 0) when the last process holding the terminal has
    /// exited, or when this object is disposed. Output is buffered up to about 1 MiB; after that the program
    /// blocks on write until the stream is read, as in a real terminal.
    /// </summary>
    public Stream Output => _output;

    /// <summary>Starts <paramref name="info"/> in a new pseudo-terminal.</summary>
    /// <exception cref="ArgumentException">The start info is incomplete or invalid.</exception>
    /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="PlatformNotSupportedException">Not Linux x64/arm64, or util-linux setsid is missing.</exception>
    public static PtyProcess Start(PtyStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.Validate(nameof(info));
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            throw new PlatformNotSupportedException("PtyProcess supports Linux on x64 and arm64 only.");
        }

        var setsid = Array.Find(SetsidCandidates, File.Exists)
            ?? throw new PlatformNotSupportedException("util-linux 'setsid' was not found in /usr/bin or /bin.");
        if (!Directory.Exists(info.WorkingDirectory))
        {
            throw new DirectoryNotFoundException($"Working directory '{info.WorkingDirectory}' does not exist.");
        }

        var master = PtyNative.OpenMaster();
        SafeFileHandle? slave = null;
        SafeFileHandle? wake = null;
        Process? process = null;
        try
        {
            PtyNative.SetWindowSize(master, info.Columns, info.Rows);
            var slavePath = PtyNative.SlavePath(master);
            slave = PtyNative.OpenSlave(slavePath);
            wake = PtyNative.CreateEventFd();

            process = new Process { StartInfo = CreateLauncher(info, setsid, slavePath) };
            process.Start();

            // The launcher's own stdio are pipes that only a failing redirection in sh could write to; the
            // program's stdio is the terminal. Close our ends so nothing lingers.
            process.StandardInput.Dispose();
            process.StandardOutput.Dispose();
            process.StandardError.Dispose();

            return new PtyProcess(process, master, slave, wake, (info.Columns, info.Rows));
        }
        catch
        {
            process?.Dispose();
            wake?.Dispose();
            slave?.Dispose();
            master.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes <paramref name="input"/> to the terminal as if typed (e.g. byte 0x03 for Ctrl+C). Waits while the
    /// terminal's input queue is full. Once nobody holds the terminal any more, the kernel accepts and drops input.
    /// </summary>
    /// <exception cref="IOException">The kernel rejected the write.</exception>
    /// <exception cref="ObjectDisposedException">This object was disposed.</exception>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> input, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            while (!input.IsEmpty)
            {
                ct.ThrowIfCancellationRequested();
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
                var written = PtyNative.write(_master, ref MemoryMarshal.GetReference(input.Span), input.Length);
                if (written > 0)
                {
                    input = input[(int)written..];
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (written < 0 && errno == PtyNative.EAgain)
                {
                    // The terminal's input queue is full (the program is not reading). Wait for room off the
                    // caller's thread, in short slices so cancellation and disposal are noticed.
                    await Task.Run(() => WaitWritable(_master, 100), ct).ConfigureAwait(false);
                }
                else if (written < 0 && errno != PtyNative.EIntr)
                {
                    throw new IOException($"Writing to the terminal failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Sets the terminal size; the kernel sends SIGWINCH to the foreground process group. The last size set here wins
    /// over a program in the terminal writing back a size it read before (see <see cref="RestoreRequestedSize"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is outside 1..65535.</exception>
    /// <exception cref="ObjectDisposedException">This object was disposed.</exception>
    public void Resize(int columns, int rows)
    {
        PtyStartInfo.ValidateSize(columns, nameof(columns));
        PtyStartInfo.ValidateSize(rows, nameof(rows));
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_sizeLock)
        {
            PtyNative.SetWindowSize(_master, columns, rows);
            if (_requestedSize != (columns, rows))
            {
                _formerSizes.Remove(_requestedSize);
                _formerSizes.Add(_requestedSize);
                if (_formerSizes.Count > MaxFormerSizes)
                {
                    _formerSizes.RemoveAt(0);
                }

                _requestedSize = (columns, rows);
            }
        }
    }

    /// <summary>
    /// Puts the last requested size back when the terminal shows one this object set before. readline (bash's line
    /// editor) reads the size and writes it straight back each time it prepares the terminal for a line (rltty.c,
    /// set_winsize: TIOCGWINSZ, then TIOCSWINSZ); a resize that lands between the two is undone, and the shell and
    /// every program after it see the old size. readline prints its prompt after that write, so checking before each
    /// chunk of output is published undoes the stale write before anyone reading the output can act on it. A size
    /// a program chose itself (<c>stty cols 100</c>) is kept, unless it is one of the last few sizes set here.
    /// </summary>
    private void RestoreRequestedSize()
    {
        lock (_sizeLock)
        {
            if (_formerSizes.Count == 0)
            {
                return;
            }

            var current = PtyNative.GetWindowSize(_master);
            if (current != _requestedSize && _formerSizes.Contains(current))
            {
                PtyNative.SetWindowSize(_master, _requestedSize.Columns, _requestedSize.Rows);
            }
        }
    }

    /// <summary>
    /// Completes with the program's exit code when it exits (128 + signal number when a signal ended it).
    /// Processes it left behind may still run and hold the terminal; <see cref="Kill"/> ends them.
    /// </summary>
    public Task<int> WaitForExitAsync(CancellationToken ct = default) => _exited.WaitAsync(ct);

    /// <summary>
    /// Sends SIGKILL to the program's whole session and to all its descendants, including background jobs in
    /// other process groups and leftovers after the program itself exited. Returns without waiting; use
    /// <see cref="WaitForExitAsync"/> to observe the exit.
    /// </summary>
    public void Kill()
    {
        lock (_killLock)
        {
            if (_sessionGone || _master.IsClosed)
            {
                return;
            }

            // A pid stays reserved while any process uses it as a session id, so the session id is safe to use
            // after exit as long as the session has members; the descendant walk by parent pid is not (the pid
            // may be reused), so it runs only before exit. After exit, one kill ends the session for good.
            var exited = _exited.IsCompleted;
            var sessionId = PtyNative.SessionOf(_master) ?? ProcessId;
            SessionKiller.KillAll(sessionId, exited ? null : ProcessId);
            if (sessionId != ProcessId)
            {
                SessionKiller.KillAll(ProcessId, null);
            }

            _sessionGone = exited;
        }
    }

    /// <summary>Kills whatever still runs, waits for the program to be reaped, ends <see cref="Output"/> and closes the terminal.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();
        await _exited.ConfigureAwait(false);

        // Wake the reader out of poll() (and out of waiting for buffer credits) and let it finish before the
        // descriptors it uses are closed.
        await _stopReader.CancelAsync().ConfigureAwait(false);
        PtyNative.write(_wake, ref WakeValue[0], WakeValue.Length);
        await _readerDone.ConfigureAwait(false);

        await _writeLock.WaitAsync().ConfigureAwait(false);
        lock (_killLock)
        {
            _master.Dispose();
        }

        _wake.Dispose();
        Interlocked.Exchange(ref _slave, null)?.Dispose();
        _process.Dispose();
        _stopReader.Dispose();
        _writeLock.Release();
    }

    private async Task<int> ObserveExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        // From now on only the program's leftovers hold the slave; when they are gone, reads see EIO = end.
        Interlocked.Exchange(ref _slave, null)?.Dispose();

        // pid_max can be as low as 32768, so a session id that nobody uses any more may soon belong to someone
        // else's session. Forget the session as soon as it is known to be over: no member left at exit, or
        // (see OnTerminalHungUp) nobody holding the terminal any more.
        lock (_killLock)
        {
            _sessionGone |= !SessionKiller.HasMembers(ProcessId);
        }

        return _process.ExitCode;
    }

    /// <summary>The reader saw EIO/EOF: no process holds the slave any more.</summary>
    private void OnTerminalHungUp()
    {
        if (_exited.IsCompleted)
        {
            lock (_killLock)
            {
                _sessionGone = true;
            }
        }
    }

    private static ProcessStartInfo CreateLauncher(PtyStartInfo info, string setsid, string slavePath)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = info.WorkingDirectory,
            // Redirecting all three keeps .NET from reconfiguring our own console for a child that "uses" it.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-c", LauncherScript, "sh", setsid, slavePath, info.FileName])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in info.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in info.Environment)
        {
            start.Environment[name] = value;
        }

        if (!info.Environment.ContainsKey("TERM"))
        {
            start.Environment["TERM"] = "xterm-256color";
        }

        return start;
    }

    /// <summary>
    /// Starts the dedicated reader thread. It blocks in poll() on the master and the wake eventfd, so it never
    /// holds a thread-pool thread, and it ends the output on EOF/EIO (the normal end of a PTY) or when woken.
    /// </summary>
    private Task StartReader()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (ReadLoop(_stopReader.Token))
                {
                    OnTerminalHungUp();
                }

                _output.Complete();
            }
            catch (OperationCanceledException)
            {
                _output.Complete();
            }
            catch (Exception ex)
            {
                _output.Complete(ex);
            }
            finally
            {
                done.SetResult();
            }
        })
        {
            IsBackground = true,
            Name = "pty-reader",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Pumps the master into <see cref="_output"/>; true when the terminal hung up, false when woken to stop.</summary>
    private bool ReadLoop(CancellationToken stop)
    {
        var fds = new PtyNative.PollFd[]
        {
            new() { Fd = (int)_master.DangerousGetHandle(), Events = PtyNative.PollIn },
            new() { Fd = (int)_wake.DangerousGetHandle(), Events = PtyNative.PollIn },
        };
        var buffer = new byte[ChunkSize];
        while (true)
        {
            _output.Credits.Wait(stop);
            nint count;
            while (true)
            {
                fds[0].REvents = fds[1].REvents = 0;
                if (PtyNative.poll(fds, (nuint)fds.Length, -1) < 0)
                {
                    if (Marshal.GetLastPInvokeError() == PtyNative.EIntr)
                    {
                        continue;
                    }

                    throw PtyNative.LastError("poll");
                }

                if (fds[1].REvents != 0 || stop.IsCancellationRequested)
                {
                    return false;
                }

                count = PtyNative.read(_master, buffer, buffer.Length);
                if (count >= 0)
                {
                    break;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == PtyNative.EIo)
                {
                    return true; // every slave descriptor is closed: the terminal's normal end of file
                }

                if (errno is not (PtyNative.EAgain or PtyNative.EIntr))
                {
                    throw new IOException($"Reading the terminal failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
                }
            }

            if (count == 0)
            {
                return true;
            }

            RestoreRequestedSize();
            _output.Publish(buffer.AsSpan(0, (int)count).ToArray());
        }
    }

    private static void WaitWritable(SafeFileHandle master, int timeoutMilliseconds)
    {
        var fds = new[] { new PtyNative.PollFd { Fd = (int)master.DangerousGetHandle(), Events = PtyNative.PollOut } };
        PtyNative.poll(fds, 1, timeoutMilliseconds);
    }
}
