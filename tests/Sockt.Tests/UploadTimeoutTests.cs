using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Sockt.Internal;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>
/// <see cref="ComputeClientOptions.Timeout"/> bounds a file upload's inactivity, not its duration, over real loopback
/// sockets: a server that reads the body slowly but steadily for longer than the timeout gets the whole upload; one
/// that stops reading, or never answers, ends it after the timeout; the caller's token still cancels. Through the
/// SDK's own HttpClient, a caller-supplied one and AddSockt's named client.
/// </summary>
[NonParallelizable]
public class UploadTimeoutTests
{
    private const string Answer = """{"path":"/home/sandbox/big.bin"}""";

    // Small socket buffers on both sides, so that the client's writes wait for the server's reads (with the system's
    // autotuned buffers megabytes would sit in the kernel and a stall would show only at the end).
    private const int SocketBufferBytes = 16 * 1024;

    // The server reads this much, then pauses: 2 MiB of file is 2.67 MiB of base64, at least 171 paced reads, so the
    // upload lasts at least 171 × 25 ms ≈ 4.3 s, more than twice the timeout, while no pause comes near it.
    private const int ReadBytes = 16 * 1024;
    private static readonly TimeSpan ReadPace = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(2);
    private const int FileBytes = 2 * 1024 * 1024;

    public enum Pipeline
    {
        SdkHttpClient,
        CallerHttpClient,
        AddSockt,
    }

    [TestCase(Pipeline.SdkHttpClient)]
    [TestCase(Pipeline.CallerHttpClient)]
    [TestCase(Pipeline.AddSockt)]
    public async Task An_upload_read_slowly_but_steadily_for_longer_than_the_timeout_succeeds(Pipeline pipeline)
    {
        var reads = 0;
        await using var server = new LoopbackHttpServer(
            _ => LoopbackHttpServer.Reply(200, Answer),
            async (connection, remaining, cancellationToken) =>
            {
                var buffer = new byte[ReadBytes];
                while (remaining > 0)
                {
                    await Task.Delay(ReadPace, cancellationToken);
                    var read = await connection.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    reads++;
                    remaining -= read;
                }
            },
            SocketBufferBytes);
        await using var client = Create(pipeline, server.BaseUrl, ShortTimeout);

        var written = await client.Sandbox.WriteFileAsync("big.bin", new MemoryStream(new byte[FileBytes]));

        Assert.Multiple(() =>
        {
            Assert.That(written.Path, Is.EqualTo("/home/sandbox/big.bin"));
            Assert.That(reads * ReadPace, Is.GreaterThan(ShortTimeout), "the server's paced reads alone outlast the timeout (arithmetic on the setup, not a measurement)");
        });
    }

    // The server stops reading after the first 16 KiB, or reads the whole body and never answers.
    [TestCase(Pipeline.SdkHttpClient, false)]
    [TestCase(Pipeline.CallerHttpClient, false)]
    [TestCase(Pipeline.AddSockt, false)]
    [TestCase(Pipeline.SdkHttpClient, true)]
    [TestCase(Pipeline.CallerHttpClient, true)]
    [TestCase(Pipeline.AddSockt, true)]
    public async Task An_upload_that_stalls_fails_with_the_timeout_inside(Pipeline pipeline, bool bodyRead)
    {
        await using var server = new LoopbackHttpServer(
            _ => LoopbackHttpServer.Reply(200, Answer),
            async (connection, remaining, cancellationToken) =>
            {
                await connection.ReadExactlyAsync(new byte[bodyRead ? remaining : ReadBytes], cancellationToken);
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            },
            SocketBufferBytes);
        await using var client = Create(pipeline, server.BaseUrl, ShortTimeout);

        var exception = await Assert.ThrowsAsync<SocktException>(() => client.Sandbox.WriteFileAsync("big.bin", new MemoryStream(new byte[FileBytes])));

        Assert.Multiple(() =>
        {
            Assert.That(exception, Is.TypeOf<SocktException>());
            Assert.That(exception!.InnerException, Is.InstanceOf<TimeoutException>());
            Assert.That(exception.Message, Does.Contain("request timeout"));
        });
    }

    [TestCase(Pipeline.SdkHttpClient)]
    [TestCase(Pipeline.AddSockt)]
    public async Task The_callers_token_still_cancels_a_stalled_upload(Pipeline pipeline)
    {
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new LoopbackHttpServer(
            _ => LoopbackHttpServer.Reply(200, Answer),
            async (connection, remaining, cancellationToken) =>
            {
                await connection.ReadExactlyAsync(new byte[ReadBytes], cancellationToken);
                stalled.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            },
            SocketBufferBytes);
        await using var client = Create(pipeline, server.BaseUrl, TimeSpan.FromMinutes(5));
        using var cancellation = new CancellationTokenSource();

        var upload = client.Sandbox.WriteFileAsync("big.bin", new MemoryStream(new byte[FileBytes]), cancellationToken: cancellation.Token);
        await stalled.Task.WaitAsync(Sockt.Testing.Deadline.Default);
        await cancellation.CancelAsync();

        Assert.That(async () => await upload, Throws.InstanceOf<OperationCanceledException>());
    }

    /// <summary>A client of the given kind against <paramref name="baseUrl"/> whose sockets have small send buffers.</summary>
    private static UploadClient Create(Pipeline pipeline, Uri baseUrl, TimeSpan timeout)
    {
        var options = new ComputeClientOptions
        {
            ApiKey = TestClient.ApiKey,
            BaseUrl = baseUrl,
            Timeout = timeout,
            RequestBudget = new RequestBudgetOptions { RequestsPerMinute = 0 },
        };
        switch (pipeline)
        {
            case Pipeline.SdkHttpClient:
                return new UploadClient(new ComputeClient(ClientSettings.Resolve(options, _ => null), SmallBufferTransport()), null, null);
            case Pipeline.CallerHttpClient:
                // The caller's own HttpClient.Timeout bounds each whole request (the SDK cannot change it): a caller
                // sending large files turns it off and lets ComputeClientOptions.Timeout bound inactivity.
                var http = new HttpClient(SmallBufferTransport()) { Timeout = Timeout.InfiniteTimeSpan };
                return new UploadClient(new ComputeClient(options, http), http, null);
            default:
                var services = new ServiceCollection();
                services.AddSockt(o =>
                {
                    o.ApiKey = options.ApiKey;
                    o.BaseUrl = options.BaseUrl;
                    o.Timeout = options.Timeout;
                    o.RequestBudget = options.RequestBudget;
                }).ConfigurePrimaryHttpMessageHandler(SmallBufferTransport);
                var provider = services.BuildServiceProvider();
                return new UploadClient(provider.GetRequiredService<ComputeClient>(), null, provider);
        }
    }

    /// <summary>A transport whose connections have a small send buffer (and no Nagle delay).</summary>
    private static SocketsHttpHandler SmallBufferTransport() => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendBufferSize = SocketBufferBytes };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>The client under test, a sandbox of it, and what to dispose with it.</summary>
    private sealed class UploadClient(ComputeClient client, HttpClient? http, ServiceProvider? provider) : IAsyncDisposable
    {
        public Sandbox Sandbox { get; } = new(client.Core, "sb_1", null);

        public async ValueTask DisposeAsync()
        {
            if (provider is not null)
            {
                await provider.DisposeAsync();
            }
            else
            {
                client.Dispose();
            }

            http?.Dispose();
        }
    }
}
