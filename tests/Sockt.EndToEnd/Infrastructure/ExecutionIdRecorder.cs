using System.Collections.Concurrent;
using System.Text.Json;

namespace Sockt.EndToEnd.Infrastructure;

/// <summary>
/// Sits between the SDK and the socket and remembers the execution ids the service hands out, so a test can look at
/// an execution that <see cref="Sandbox.ExecAsync"/> started (that method does not expose the id).
/// </summary>
public sealed class ExecutionIdRecorder : DelegatingHandler
{
    private readonly ConcurrentQueue<string> _ids = new();
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ExecutionIdRecorder()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Completes with the first execution id seen.</summary>
    public Task<string> FirstExecutionId => _first.Task;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/exec", StringComparison.Ordinal) && response.IsSuccessStatusCode)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var id = body.RootElement.GetProperty("execution_id").GetString()!;
            _ids.Enqueue(id);
            _first.TrySetResult(id);
        }

        return response;
    }
}
