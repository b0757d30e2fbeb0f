using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Sockt.Emulator.Processes;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Security;

/// <summary>
/// <c>--network host</c> as root: sandboxes share the host's loopback, yet their connections to the emulator's port
/// are dropped at accept (their host uid is a sandbox user's), while clients on the host are served.
/// </summary>
internal sealed class HostNetworkTests : EmulatorTestBase
{
    private readonly FakeLogCollector log = new();
    private string sandbox = null!;

    protected override void Configure(SocktEmulatorOptions options)
    {
        options.Network = SandboxNetwork.Host;
        options.ConfigureLogging = logging => logging.AddProvider(new FakeLoggerProvider(log));
    }

    [OneTimeSetUp]
    public async Task CreateSandboxAsync()
    {
        if (NativeMethods.GetEffectiveUserId() != 0 || Emulator.Isolation == IsolationMode.None)
        {
            Assert.Ignore("only root hands sandboxes host users of their own, which is what the guard tells apart");
        }

        sandbox = await NewSandboxAsync();
    }

    [Test]
    public async Task A_sandbox_gets_no_answer_from_the_emulators_port()
    {
        var port = Emulator.BaseUrl.Port;
        var request = "GET /v1/sandboxes/tiers HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n";

        var outcome = await Api.RunAsync(sandbox, Key, string.Join("; ",
            $"echo curl=$(curl -sS -m 3 -o /dev/null -w '%{{http_code}}' http://127.0.0.1:{port}/v1/sandboxes/tiers 2>/dev/null)",
            $"echo tcp=$(timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/{port} && printf \"{request}\" >&3 && head -c 12 <&3' 2>/dev/null)"));

        Assert.That(outcome.Stdout, Is.EqualTo("curl=000\ntcp=\n"), "no HTTP answer reaches the sandbox");
        var refusals = log.GetSnapshot().Where(r => r.Category == "Sockt.Emulator.Http.SandboxPeerGuard").ToList();
        Assert.That(refusals, Has.Count.GreaterThanOrEqualTo(2), "one warning per refused connection");
        Assert.That(refusals.Select(r => r.Level), Has.All.EqualTo(LogLevel.Warning));
        Assert.That(refusals.Select(r => r.Message), Has.All.Contains("sandbox user ").And.All.Not.Contains("/"), "no host path");
    }

    [Test]
    public async Task The_sandbox_shares_the_hosts_network()
    {
        // Otherwise the test above would pass for the wrong reason (a namespace of its own).
        var outcome = await Api.RunAsync(sandbox, Key, "readlink /proc/self/ns/net");

        Assert.That(outcome.Stdout.Trim(), Is.EqualTo(new FileInfo("/proc/self/ns/net").LinkTarget));
    }

    [Test]
    public async Task A_client_on_the_host_is_served()
    {
        Assert.That((await Api.GetAsync("/v1/sandboxes/tiers")).Code, Is.EqualTo(200), "in-process client");

        // A separate process of the host, as the sandbox's curl is.
        using var curl = Process.Start(new ProcessStartInfo("curl", ["-sS", "-m", "10", "-o", "/dev/null", "-w", "%{http_code}", new Uri(Emulator.BaseUrl, "/v1/sandboxes/tiers").ToString()])
        {
            RedirectStandardOutput = true,
        })!;
        var code = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();

        Assert.That(code, Is.EqualTo("200"));
    }

    [Test]
    public async Task Host_clients_are_served_while_connections_come_and_go()
    {
        // The socket table is read while other sockets open and close; no host client may be mistaken for a gone one.
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        var codes = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            var seen = new List<int>();
            for (var i = 0; i < 40; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sandboxes/tiers");
                request.Headers.ConnectionClose = true;
                using var response = await http.SendAsync(request);
                seen.Add((int)response.StatusCode);
            }

            return seen;
        }));

        Assert.That(codes.SelectMany(c => c), Has.All.EqualTo(200));
    }
}
