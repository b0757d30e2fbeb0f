using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Sockt.Internal;

namespace Sockt.Tests.Infrastructure;

/// <summary>
/// A <see cref="ComputeClient"/> over the full SDK pipeline with a <see cref="StubHttpHandler"/> as transport, a
/// <see cref="SteppingTimeProvider"/> and a FakeLogger. The environment is not read (tests must not depend on
/// SOCKT_* variables of the machine).
/// </summary>
public sealed class TestClient : IDisposable
{
    public const string ApiKey = "sockt_live_0f1e2d3c-aaaa-bbbb-cccc-123456789abc";
    public const string SandboxToken = "sbx_a1b2c3d4e5f6g7h8secret";
    public static readonly Uri BaseUrl = new("http://127.0.0.1:7450");

    private readonly ILoggerFactory _loggerFactory;
    private readonly FakeLoggerProvider _logProvider = new();

    public TestClient(Action<ComputeClientOptions>? configure = null, bool withApiKey = true)
    {
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logProvider).SetMinimumLevel(LogLevel.Trace));
        var options = new ComputeClientOptions
        {
            ApiKey = withApiKey ? ApiKey : null,
            BaseUrl = BaseUrl,
            TimeProvider = Time,
            LoggerFactory = _loggerFactory,
        };
        configure?.Invoke(options);
        Client = new ComputeClient(ClientSettings.Resolve(options, _ => null), Stub);
    }

    public StubHttpHandler Stub { get; } = new();

    public SteppingTimeProvider Time { get; } = new();

    /// <summary>Everything the SDK logged (FakeLogger from Microsoft.Extensions.Diagnostics.Testing).</summary>
    public FakeLogCollector Logs => _logProvider.Collector;

    public ComputeClient Client { get; }

    /// <summary>A sandbox object bound to this client, without any request.</summary>
    public Sandbox Sandbox(string id = "sb_1", string? ownToken = null) => new(Client.Core, id, ownToken);

    public void Dispose()
    {
        Client.Dispose();
        _loggerFactory.Dispose();
        _logProvider.Dispose();
    }
}
