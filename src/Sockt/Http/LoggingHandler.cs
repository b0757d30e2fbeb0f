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

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        // Nothing would be written (no logger, or one set above Warning): no timing, no async frame of this handler.
        _logger.IsEnabled(LogLevel.Warning) ? SendLoggedAsync(request, cancellationToken) : base.SendAsync(request, cancellationToken);

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var success = response.IsSuccessStatusCode;

            // The path is read only for a line that is written: parsing it allocates on every request otherwise.
            if (_logger.IsEnabled(success ? LogLevel.Debug : LogLevel.Warning))
            {
                var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (success)
                {
                    Log.RequestCompleted(_logger, request.Method.Method, PathOf(request), (int)response.StatusCode, elapsed);
                }
                else
                {
                    Log.RequestFailed(_logger, request.Method.Method, PathOf(request), (int)response.StatusCode, elapsed);
                }
            }

            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var secrets = SocktCallContext.Current?.Secrets ?? [];
            Log.RequestError(_logger, request.Method.Method, PathOf(request), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, exception.GetType().Name, Secrets.Scrub(exception.Message, secrets));
            throw;
        }
    }

    private static string PathOf(HttpRequestMessage request) => request.RequestUri?.AbsolutePath ?? "?";
}
