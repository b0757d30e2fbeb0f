using System.Net.Sockets;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests.Security;

/// <summary>Each namespaced network mode: what a sandbox reaches, and that the emulator's port is never one of them (host mode: <see cref="HostNetworkTests"/>).</summary>
[TestFixture(SandboxNetwork.Loopback)]
[TestFixture(SandboxNetwork.Outbound)]
internal sealed class NetworkTests(SandboxNetwork network) : EmulatorTestBase
{
    private string sandbox = null!;

    protected override void Configure(SocktEmulatorOptions options) => options.Network = network;

    [OneTimeSetUp]
    public async Task CreateSandboxAsync() => sandbox = await NewSandboxAsync();

    [Test]
    public async Task The_emulators_port_is_unreachable_from_inside()
    {
        var port = Emulator.BaseUrl.Port;
        var gateway = "$(awk '$2 == \"00000000\" { g = $3; printf \"%d.%d.%d.%d\", \"0x\" substr(g,7,2), \"0x\" substr(g,5,2), \"0x\" substr(g,3,2), \"0x\" substr(g,1,2) }' /proc/net/route)";

        var outcome = await Api.RunAsync(sandbox, Key, string.Join("; ",
            $"timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/{port}' 2>/dev/null && echo loopback-open || echo loopback-refused",
            $"timeout 5 curl -s -o /dev/null http://localhost:{port}/_emulator/health && echo curl-open || echo curl-refused",
            $"g={gateway}; [ -z \"$g\" ] || timeout 5 bash -c \"exec 3<>/dev/tcp/$g/{port}\" 2>/dev/null && [ -n \"$g\" ] && echo gateway-open || echo gateway-refused"));

        Assert.That(outcome.Stdout, Is.EqualTo("loopback-refused\ncurl-refused\ngateway-refused\n"));
    }

    [Test]
    public async Task The_sandbox_has_the_interfaces_of_its_mode()
    {
        var outcome = await Api.RunAsync(sandbox, Key, "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | sort | tr '\\n' ' '; echo; awk '$2 == \"00000000\"' /proc/net/route | wc -l");

        var lines = outcome.Stdout.Split('\n');
        if (network == SandboxNetwork.Loopback)
        {
            Assert.That(lines[0], Is.EqualTo("lo "), "only a loopback of its own");
            Assert.That(lines[1], Is.EqualTo("0"), "no default route");
        }
        else
        {
            Assert.That(lines[0], Does.Contain("lo ").And.Not.EqualTo("lo "), "a loopback and pasta's interface");
            Assert.That(lines[1], Is.EqualTo("1"), "a default route through pasta");
        }
    }

    [Test]
    public async Task Outbound_connections_work_only_in_outbound_mode()
    {
        const string host = "deb.debian.org";
        if (!await HostReachesAsync(host))
        {
            Assert.Ignore($"this machine cannot reach {host}:80; outbound access is not testable here");
        }

        var outcome = await Api.RunAsync(sandbox, Key, $"timeout 10 bash -c 'exec 3<>/dev/tcp/{host}/80' 2>/dev/null && echo open || echo closed");

        Assert.That(outcome.Stdout, Is.EqualTo(network == SandboxNetwork.Outbound ? "open\n" : "closed\n"));
    }

    [Test]
    public async Task The_shell_runs_in_the_same_network()
    {
        var url = (await Api.GetAsync($"/v1/sandboxes/{sandbox}/shell-url", Key)).Str("url");
        await using var shell = await ShellClient.ConnectAsync(new Uri(url), Key);

        await shell.InputAsync($"timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/{Emulator.BaseUrl.Port}' 2>/dev/null && echo PORT-$((1+1))-OPEN || echo PORT-$((1+1))-REFUSED\n");

        await shell.ReadUntilAsync(c => c.Stdout.Contains("PORT-2-", StringComparison.Ordinal), "the connection attempt");
        Assert.That(shell.Stdout, Does.Contain("PORT-2-REFUSED"));
    }

    private static async Task<bool> HostReachesAsync(string host)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(host, 80, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
