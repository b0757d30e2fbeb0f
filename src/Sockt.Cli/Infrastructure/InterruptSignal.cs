using System.Runtime.InteropServices;

namespace Sockt.Cli.Infrastructure;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM into a cancellation, so a command can clean up (cancel the remote execution,
/// restore the terminal) and exit with 130 instead of being killed mid-way.
/// </summary>
internal sealed class InterruptSignal : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly PosixSignalRegistration sigint;
    private readonly PosixSignalRegistration sigterm;
    private volatile bool signalled;

    /// <summary>Starts listening; <see cref="Token"/> is also cancelled with <paramref name="outer"/>.</summary>
    public InterruptSignal(CancellationToken outer)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled on the first Ctrl+C or SIGTERM.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>True once a signal arrived.</summary>
    public bool Signalled => signalled;

    /// <summary>Stops listening: the next Ctrl+C ends the process the usual way.</summary>
    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        signalled = true;
        source.Cancel();
    }
}
