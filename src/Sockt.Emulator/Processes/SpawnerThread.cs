using System.Collections.Concurrent;

namespace Sockt.Emulator.Processes;

/// <summary>
/// Starts every sandbox process from one long-lived thread. bubblewrap's <c>--die-with-parent</c> uses
/// PR_SET_PDEATHSIG, which fires when the *thread* that forked the child exits; a thread-pool thread retires
/// when idle and would take the sandbox with it. This thread lives as long as the emulator.
/// </summary>
internal sealed class SpawnerThread : IDisposable
{
    private readonly BlockingCollection<Action> work = new();
    private readonly Thread thread;

    public SpawnerThread()
    {
        thread = new Thread(Run) { IsBackground = true, Name = "sockt-emulator-spawner" };
        thread.Start();
    }

    public Task<T> RunAsync<T>(Func<T> start)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        work.Add(() =>
        {
            try
            {
                completion.SetResult(start());
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    public void Dispose()
    {
        work.CompleteAdding();
        thread.Join(TimeSpan.FromSeconds(5));
        work.Dispose();
    }

    private void Run()
    {
        foreach (var item in work.GetConsumingEnumerable())
        {
            item();
        }
    }
}
