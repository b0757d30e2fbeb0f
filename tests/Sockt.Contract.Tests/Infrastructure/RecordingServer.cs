using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sockt.Contract.Tests.Infrastructure;

/// <summary>What arrived at the <see cref="RecordingServer"/>.</summary>
internal sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    string? ContentType,
    long? ContentLength,
    bool Chunked,
    string Body);

/// <summary>
/// A real Kestrel server on 127.0.0.1 that records every request and answers with a canned JSON body, to
/// observe exactly what the generated Refit client puts on the wire.
/// </summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedRequest> requests = new();

    private RecordingServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The JSON answered to the next requests (status 200 unless <see cref="StatusCode"/> says otherwise).</summary>
    public string ResponseJson { get; set; } = "{}";

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public IReadOnlyList<RecordedRequest> Requests => requests.ToList();

    public static async Task<RecordingServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new RecordingServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        requests.Enqueue(new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.ContentType,
            context.Request.ContentLength,
            context.Request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase),
            body));
        context.Response.StatusCode = StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(ResponseJson, context.RequestAborted);
    }
}
