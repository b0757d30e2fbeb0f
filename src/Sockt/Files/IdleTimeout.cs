namespace Sockt.Files;

/// <summary>
/// A timeout on inactivity rather than on a whole transfer, for file bodies that may take far longer than
/// <see cref="ComputeClientOptions.Timeout"/> to move while bytes keep moving: the clock is restarted whenever the
/// transfer makes progress and fires only when it has not for the limit. Its token is the caller's token linked with
/// that clock; <see cref="Expired"/> turns a firing into an <see cref="OperationCanceledException"/> around a
/// <see cref="TimeoutException"/>, which the client core reports as the same SocktException as a request timeout.
/// </summary>
internal sealed class IdleTimeout : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _callerToken;
    private int _disposed;

    /// <param name="limit">The longest time without progress; zero, negative or beyond a timer's range means none.</param>
    /// <param name="cancellationToken">The caller's token, linked in.</param>
    internal IdleTimeout(TimeSpan limit, CancellationToken cancellationToken)
    {
        Limit = limit > TimeSpan.Zero && limit.TotalMilliseconds < int.MaxValue ? limit : Timeout.InfiniteTimeSpan;
        _callerToken = cancellationToken;
        _source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>The longest time without progress (<see cref="Timeout.InfiniteTimeSpan"/> for none).</summary>
    internal TimeSpan Limit { get; }

    /// <summary>Cancelled by the caller's token or when the limit passes without progress.</summary>
    internal CancellationToken Token => _source.Token;

    /// <summary>True when the clock fired and the caller did not cancel.</summary>
    internal bool HasExpired => _source.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>Starts the clock again (progress was made, or a new wait begins).</summary>
    /// <remarks>
    /// Safe after <see cref="Dispose"/>: an HTTP/1.1 request body may still be sent after its answer arrived and the
    /// transfer's owner has moved on.
    /// </remarks>
    internal void Restart() => Set(Limit);

    /// <summary>Stops the clock (time spent outside the transfer, such as writing to the caller's stream, does not count).</summary>
    internal void Pause() => Set(Timeout.InfiniteTimeSpan);

    /// <summary>The exception to throw for a firing, naming what stopped moving.</summary>
    /// <param name="what">What stopped, for example "The answer's body stopped arriving."</param>
    /// <param name="cause">The cancellation or failure the firing caused.</param>
    internal OperationCanceledException Expired(string what, Exception cause) =>
        new(what, new TimeoutException($"{what} Nothing moved for {Limit.TotalSeconds:0.###} s (ComputeClientOptions.Timeout).", cause), _source.Token);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _source.Dispose();
        }
    }

    private void Set(TimeSpan delay)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        try
        {
            _source.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call: the transfer is over, nothing to time.
        }
    }
}
