using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace Sockt.Cli.Tests.Infrastructure;

/// <summary>
/// One run of the built <c>sockt</c> executable (src/Sockt.Cli's apphost) as a child process, with its own
/// environment, stdin, and separately captured stdout (bytes) and stderr.
/// </summary>
public sealed partial class CliProcess : IAsyncDisposable
{
    public const int SigInt = 2;

    public const int SigTerm = 15;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly MemoryStream stdout = new();
    private readonly StringBuilder stderr = new();
    private readonly Task stdoutPump;
    private readonly Task stderrPump;

    private CliProcess(Process process)
    {
        this.process = process;
        stdoutPump = process.StandardOutput.BaseStream.CopyToAsync(new SynchronizedWrite(stdout));
        stderrPump = PumpStderrAsync();
    }

    /// <summary>The executable the build produced (the same file `dotnet pack` puts in the tool package).</summary>
    public static string ExecutablePath { get; } = Path.Combine(
        typeof(CliProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SocktCliDirectory").Value!,
        OperatingSystem.IsWindows() ? "Sockt.Cli.exe" : "Sockt.Cli");

    /// <summary>Stdout so far, as text.</summary>
    public string StdoutText
    {
        get
        {
            lock (stdout)
            {
                return Encoding.UTF8.GetString(stdout.ToArray());
            }
        }
    }

    /// <summary>Stderr so far.</summary>
    public string StderrText
    {
        get
        {
            lock (stderr)
            {
                return stderr.ToString();
            }
        }
    }

    /// <summary>The process id, to send it signals.</summary>
    public int Id => process.Id;

    /// <summary>Starts <c>sockt args...</c>. <paramref name="environment"/> entries replace the parent's; a null value removes one.</summary>
    public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "SOCKT_API_URL", "SOCKT_API_KEY", "SOCKT_SANDBOX_TOKEN" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return new CliProcess(Process.Start(info)!);
    }

    /// <summary>Writes <paramref name="input"/> to stdin and closes it.</summary>
    public async Task WriteStdinAsync(byte[] input)
    {
        await process.StandardInput.BaseStream.WriteAsync(input);
        process.StandardInput.Close();
    }

    /// <summary>Sends a POSIX signal, as Ctrl+C (SIGINT) or `kill` (SIGTERM) would.</summary>
    public void Signal(int signal)
    {
        if (kill(process.Id, signal) != 0)
        {
            Assert.Fail($"kill({process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the exit (failing the test past the deadline) and returns the complete result.</summary>
    public async Task<CliResult> WaitAsync()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"sockt did not exit within {Deadline.TotalSeconds} s\n--- stdout\n{StdoutText}\n--- stderr\n{StderrText}");
        }

        await Task.WhenAll(stdoutPump, stderrPump);
        lock (stdout)
        {
            return new CliResult(process.ExitCode, stdout.ToArray(), StderrText);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await process.StandardError.ReadAsync(buffer)) > 0)
        {
            lock (stderr)
            {
                stderr.Append(buffer, 0, read);
            }
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);

    /// <summary>Lets <see cref="StdoutText"/> read the buffer while the pump writes to it.</summary>
    private sealed class SynchronizedWrite(MemoryStream target) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (target)
            {
                target.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
