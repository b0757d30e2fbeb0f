using Microsoft.Extensions.Logging;
using Sockt.Diagnostics;

namespace Sockt.Http;

/// <summary>
/// Retries a request answered 503 whose body says the pod is starting (<c>pod_starting</c> / <c>starting</c>), as the
/// reference SDK and the CLI do: <see cref="PodStartingRetryOptions.MaxRetries"/> times,
/// <see cref="PodStartingRetryOptions.Delay"/> apart. It is the only silent retry of the SDK. The request body is
/// buffered once so every attempt sends it intact, except a file write's base64 content, which is encoded again from
/// its bytes or its (rewound) stream; a write from a non-seekable stream that was already read is not retried.
/// </summary>
internal sealed class PodStartingRetryHandler : DelegatingHandler
{
    private readonly int _maxRetries;
    private readonly TimeSpan _delay;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal PodStartingRetryHandler(int maxRetries, TimeSpan delay, TimeProvider timeProvider, ILogger logger)
    {
        _maxRetries = maxRetries;
        _delay = delay;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        BufferedContent? body = null;
        if (_maxRetries > 0 && request.Content is not null)
        {
            body = await BufferedContent.CaptureAsync(request.Content, cancellationToken).ConfigureAwait(false);
            request.Content = body.Create();
        }

        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode != 503 || attempt >= _maxRetries)
            {
                return response;
            }

            // Buffer so that the error handler can still read the body if this response is returned.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            // A streamed write from a non-seekable stream was read by this attempt and cannot be sent again.
            if (!SocktErrorMapper.IsPodStarting(text) || body is { CanCreate: false })
            {
                return response;
            }

            response.Dispose();
            Log.PodStartingRetry(_logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? "?", attempt + 1, _maxRetries, (long)_delay.TotalMilliseconds);
            if (_delay > TimeSpan.Zero)
            {
                await Task.Delay(_delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            if (body is not null)
            {
                request.Content = body.Create();
            }
        }
    }
}
