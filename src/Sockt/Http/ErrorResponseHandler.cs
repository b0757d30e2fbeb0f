namespace Sockt.Http;

/// <summary>
/// Outermost SDK handler: throws the matching <see cref="SocktException"/> for every non-success response, so the
/// generated Refit interface only ever sees success bodies; keeps a copy of the success body when the call asked.
/// The Sockt API never redirects: a 3xx is an error (the transports do not follow redirects), and so is a success
/// that a caller-supplied handler reached by following one (its answer is not the API's).
/// </summary>
internal sealed class ErrorResponseHandler : DelegatingHandler
{
    /// <summary>Error bodies are read up to this many characters (a proxy might answer a large HTML page).</summary>
    private const int MaxErrorBodyChars = 16 * 1024;

    private readonly TimeProvider _timeProvider;

    internal ErrorResponseHandler(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var asked = request.RequestUri;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var context = SocktCallContext.Current;
        if (response.RequestMessage?.RequestUri is { } answered && asked is not null && !ReferenceEquals(answered, asked) && answered != asked)
        {
            response.Dispose();
            throw new ApiException(
                $"Sockt API {request.Method.Method} {asked.AbsolutePath} was redirected to another address by an HTTP handler; the Sockt API never redirects, so the answer was discarded (check BaseUrl and the handlers of your HttpClient).",
                statusCode: null);
        }

        if (response.IsSuccessStatusCode)
        {
            if (context is { CaptureResponseBody: true })
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
                context.LastResponseBody = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }

            return response;
        }

        using (response)
        {
            var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            var retryAfter = SocktErrorMapper.ReadRetryAfter(response, _timeProvider);
            var secrets = new List<string?>(context?.Secrets ?? []);
            if (request.Headers.Authorization?.Parameter is { } bearer)
            {
                secrets.Add(bearer);
            }

            throw SocktErrorMapper.Create((int)response.StatusCode, body, retryAfter, request.Method.Method, request.RequestUri?.AbsolutePath ?? "?", secrets);
        }
    }

    internal static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxErrorBodyChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }
}
