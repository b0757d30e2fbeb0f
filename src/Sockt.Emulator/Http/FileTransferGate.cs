namespace Sockt.Emulator.Http;

/// <summary>
/// Caps the file transfers one emulator serves at once. Beyond the cap a transfer is refused at once with 429
/// <c>too_many_transfers</c> (the wire's answer to a concurrency limit, as <c>too_many_executions</c>) rather than
/// queued: a queued transfer would hold its request body and connection open while it waits.
/// </summary>
internal sealed class FileTransferGate(int capacity)
{
    private readonly SemaphoreSlim slots = new(Math.Max(1, capacity));

    /// <summary>Takes a slot for the length of one transfer; dispose the lease to give it back.</summary>
    public Lease Enter() => slots.Wait(0)
        ? new Lease(slots)
        : throw new ApiException(
            StatusCodes.Status429TooManyRequests,
            "too_many_transfers",
            "too many file transfers in progress on this emulator",
            "Retry when a running file read or write has finished");

    /// <summary>One taken slot.</summary>
    public readonly struct Lease(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }
}
