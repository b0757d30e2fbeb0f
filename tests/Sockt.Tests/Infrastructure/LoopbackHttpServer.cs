using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sockt.Tests.Infrastructure;

/// <summary>
/// A real HTTP/1.1 server on a loopback port that answers every request with one fixed response and records the
/// request heads it received: for what only real sockets show (which host a redirect reaches, which headers go there,
/// how an upload behaves when the server reads its body slowly or stops reading).
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    /// <summary>Consumes a request body before the answer is written.</summary>
    /// <param name="connection">The connection, positioned after the bytes of the body that came with the head.</param>
    /// <param name="remaining">The body bytes still to read (Content-Length minus what came with the head).</param>
    /// <param name="cancellationToken">Cancelled when the server is disposed.</param>
    public delegate Task BodyReader(NetworkStream connection, long remaining, CancellationToken cancellationToken);

    private readonly TcpListener _listener;
    private readonly Func<LoopbackHttpServer, string> _response;
    private readonly BodyReader? _readBody;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _requests = [];
    private readonly Task _accepting;

    /// <param name="response">The full response (status line, headers, body) for each request, given this server.</param>
    /// <param name="readBody">Reads the body before answering (the body is not read when null: small bodies only).</param>
    /// <param name="receiveBufferSize">
    /// The accepted sockets' receive buffer (set on the listener, inherited), so that a client's writes block soon
    /// after the server stops reading; the system's default when null.
    /// </param>
    public LoopbackHttpServer(Func<LoopbackHttpServer, string> response, BodyReader? readBody = null, int? receiveBufferSize = null)
    {
        _response = response;
        _readBody = readBody;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        if (receiveBufferSize is { } size)
        {
            _listener.Server.ReceiveBufferSize = size;
        }

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
                var (head, bodyBytesRead) = await ReadHeadAsync(stream, _stop.Token);
                lock (_requests)
                {
                    _requests.Add(head);
                }

                try
                {
                    if (_readBody is not null)
                    {
                        await _readBody(stream, ContentLength(head) - bodyBytesRead, _stop.Token);
                    }

                    await stream.WriteAsync(Encoding.UTF8.GetBytes(_response(this)), _stop.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or IOException)
                {
                    // Disposed while a body reader stalls on purpose, or the client gave up: next connection.
                }
            }
        }
    }

    private static long ContentLength(string head)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    /// <summary>The head (without the blank line) and how many body bytes were read with it.</summary>
    private static async Task<(string Head, int BodyBytesRead)> ReadHeadAsync(NetworkStream stream, CancellationToken cancellationToken)
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
            var end = buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.ASCII.GetString(buffer, 0, end), read - end - 4);
            }
        }

        return (Encoding.ASCII.GetString(buffer, 0, read), 0);
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
