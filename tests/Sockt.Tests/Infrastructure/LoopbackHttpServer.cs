using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sockt.Tests.Infrastructure;

/// <summary>
/// A real HTTP/1.1 server on a loopback port that answers every request with one fixed response and records the
/// request heads it received: for what only real sockets show (which host a redirect reaches, which headers go there).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<LoopbackHttpServer, string> _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];
    private readonly Task _accepting;

    /// <param name="response">The full response (status line, headers, body) for each request, given this server.</param>
    public LoopbackHttpServer(Func<LoopbackHttpServer, string> response)
    {
        _response = response;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri BaseUrl { get; }

    /// <summary>The request heads (request line and headers) received so far.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    public static string Reply(int status, string body = "", string extraHeaders = "") =>
        $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n{extraHeaders}\r\n{body}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream, _stop.Token);
                lock (_requests)
                {
                    _requests.Add(head);
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(_response(this)), _stop.Token);
            }
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                // Requests in these tests carry small bodies; the head is what is recorded.
                return text[..text.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
