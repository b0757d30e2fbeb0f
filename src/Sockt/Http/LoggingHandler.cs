using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Sockt.Diagnostics;

namespace Sockt.Http;

/// <summary>
/// Logs each HTTP exchange once, when it ends (status and duration), by method and path only: the query string may
/// carry a sandbox token.
/// </summary>
internal sealed class LoggingHandler : DelegatingHandler
{
    private readonly ILogger _logger;

    internal LoggingHandler(ILogger logger)
    {
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? "?";
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.IsSuccessStatusCode)
            {
                Log.RequestCompleted(_logger, method, path, (int)response.StatusCode, elapsed);
            }
            else
            {
                Log.RequestFailed(_logger, method, path, (int)response.StatusCode, elapsed);
            }

            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var secrets = SocktCallContext.Current?.Secrets ?? [];
            Log.RequestError(_logger, method, path, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name, Secrets.Scrub(exception.Message, secrets));
            throw;
        }
    }
}
