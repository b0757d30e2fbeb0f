using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Sockt.Tests.Infrastructure;

/// <summary>One request as the stub saw it (body read eagerly, so it survives the request's disposal).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? Body, string? ContentType)
{
    public string Path => Uri.AbsolutePath;

    public string? Query(string name) =>
        System.Web.HttpUtility.ParseQueryString(Uri.Query)[name];
}

/// <summary>
/// A scripted stand-in for the service: responses are taken from per-route queues ("GET /v1/x") or a fallback, and every
/// request is recorded. A route's last scripted response repeats once its queue is down to one.
/// </summary>
public sealed class StubHttpHandler : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, Queue<Func<HttpRequestMessage, HttpResponseMessage>>> _routes = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>Called for every request after it is recorded (tests use it to cancel at a chosen moment).</summary>
    public Action<RecordedRequest>? OnRequest { get; set; }

    public StubHttpHandler On(string method, string path, Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        _routes.GetOrAdd($"{method} {path}", _ => new Queue<Func<HttpRequestMessage, HttpResponseMessage>>()).Enqueue(respond);
        return this;
    }

    public StubHttpHandler On(string method, string path, int status, string body, string contentType = "application/json") =>
        On(method, path, _ => Response(status, body, contentType));

    public StubHttpHandler OnJson(string method, string path, string json) => On(method, path, 200, json);

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string path)
    {
        lock (_gate)
        {
            return Requests.Where(r => r.Method.Method == method && r.Path == path).ToArray();
        }
    }

    public static HttpResponseMessage Response(int status, string body, string contentType = "application/json") =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body, request.Content?.Headers.ContentType?.MediaType);
        lock (_gate)
        {
            Requests.Add(recorded);
        }

        OnRequest?.Invoke(recorded);
        var key = $"{request.Method.Method} {request.RequestUri!.AbsolutePath}";
        if (!_routes.TryGetValue(key, out var queue))
        {
            return Response(599, $"no scripted response for {key}", "text/plain");
        }

        Func<HttpRequestMessage, HttpResponseMessage> respond;
        lock (_gate)
        {
            respond = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
        }

        var response = respond(request);
        response.RequestMessage = request;
        return response;
    }
}
