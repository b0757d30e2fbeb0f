namespace Sockt.Emulator.Sandboxes;

/// <summary>One open shell session of a sandbox, counted against its shell limit until disposed (once).</summary>
internal sealed class ShellSlot(Action release) : IDisposable
{
    private int released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            release();
        }
    }
}
