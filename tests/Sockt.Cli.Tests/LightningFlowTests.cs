using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Sockt.Cli.Tests.Infrastructure;

namespace Sockt.Cli.Tests;

/// <summary>The official README's Lightning workflow: create without a key, pay, use the token from stderr, terminate with a refund address.</summary>
public sealed class LightningFlowTests : CliTestBase
{
    [Test]
    public async Task Create_pay_exec_with_the_token_from_stderr_and_terminate()
    {
        var anonymous = UserEnvironment(("SOCKT_API_KEY", null));
        var created = await RunAsync(["sandbox", "create", "--tier", "nano", "--billing", "lightning", "--prepaid-sats", "5000"], [], anonymous);
        Assert.That(created.ExitCode, Is.Zero, created.ToString());
        var id = created.Stdout.Trim();
        var token = Regex.Match(created.Stderr, @"Sandbox token: (sbx_\S+)").Groups[1].Value;
        var bolt11 = Regex.Match(created.Stderr, @"Payment required\. Invoice:\n(lnbc\S+)").Groups[1].Value;
        Assert.That(token, Is.Not.Empty, created.Stderr);
        Assert.That(bolt11, Does.StartWith("lnbcrt"), created.Stderr);
        Assert.That(created.Stderr, Does.Not.Contain("█"), "no QR code when stderr is not a terminal");

        var withToken = UserEnvironment(("SOCKT_API_KEY", null), ("SOCKT_SANDBOX_TOKEN", token));
        var unpaid = await RunAsync(["exec", id, "whoami"], [], withToken);
        Assert.That(unpaid.Stderr, Does.Contain("awaiting payment"));
        Assert.That(unpaid.ExitCode, Is.EqualTo(1));

        await PayThroughAdminEndpointAsync(id, token);
        await Poll.UntilAsync(
            () => RunAsync(["sandbox", "status", id], [], withToken),
            status => Regex.IsMatch(status.Stdout, @"Status:\s+running"),
            "the paid sandbox to run");

        var ran = await RunAsync(["exec", id, "echo", "paid"], [], withToken);
        var status = await RunAsync(["sandbox", "status", id], [], withToken);
        var terminated = await RunAsync(["--json", "sandbox", "terminate", id, "--lightning-address", "agent@wallet.example"], [], withToken);
        Assert.Multiple(() =>
        {
            Assert.That(ran.Stdout, Is.EqualTo("paid\n"), ran.ToString());
            Assert.That(status.Stdout, Does.Match(@"Billing:\s+lightning"));
            Assert.That(status.Stdout, Does.Match(@"Time remaining:\s+\d+s"));
            Assert.That(terminated.ExitCode, Is.Zero, terminated.ToString());
            Assert.That(terminated.Stdout, Does.Contain("agent@wallet.example"));
        });
    }

    /// <summary>
    /// The emulator's stand-in for a wallet: POST /_emulator/invoices/{payment_hash}/pay with the admin key, the hash
    /// read from <c>sockt --json sandbox status</c> as the README tells users to.
    /// </summary>
    private async Task PayThroughAdminEndpointAsync(string sandboxId, string token)
    {
        var status = await RunAsync(["--json", "sandbox", "status", sandboxId], [], UserEnvironment(("SOCKT_API_KEY", null), ("SOCKT_SANDBOX_TOKEN", token)));
        var paymentHash = (string?)Newtonsoft.Json.Linq.JToken.Parse(status.Stdout)["pending_invoice"]?["payment_hash"];
        Assert.That(paymentHash, Is.Not.Null.And.Not.Empty, status.ToString());
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/_emulator/invoices/{paymentHash}/pay");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Emulator.AdminKey);
        using var response = await http.SendAsync(request);
        Assert.That(response.IsSuccessStatusCode, Is.True, await response.Content.ReadAsStringAsync());
    }
}
