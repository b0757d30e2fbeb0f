namespace Sockt.Benchmarks.Cases;

/// <summary>The transport of the budget row: counts every request that reaches the emulator and every 429 it answers.</summary>
internal sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int requests;
    private int rateLimited;

    public int Requests => Volatile.Read(ref requests);

    public int RateLimited => Volatile.Read(ref rateLimited);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref requests);
        var response = await base.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode == 429)
        {
            Interlocked.Increment(ref rateLimited);
        }

        return response;
    }
}
