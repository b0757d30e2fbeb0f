namespace Sockt.Http;

/// <summary>
/// Innermost handler when the caller supplies an <see cref="HttpClient"/>: forwards each request to it, so that the
/// SDK's own handlers (errors, retry, auth, logging) still run. Each send uses a fresh copy of the request, since an
/// <see cref="HttpClient"/> refuses to send one message twice and the pod-starting retry re-sends.
/// </summary>
internal sealed class HttpClientForwardingHandler : HttpMessageHandler
{
    private readonly HttpClient _inner;

    internal HttpClientForwardingHandler(HttpClient inner)
    {
        _inner = inner;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        BufferedContent.CopyHeaders(request.Headers, copy.Headers);
        if (request.Content is not null)
        {
            var body = await BufferedContent.CaptureAsync(request.Content, cancellationToken).ConfigureAwait(false);
            copy.Content = body.Create();
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        return await _inner.SendAsync(copy, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }
}
