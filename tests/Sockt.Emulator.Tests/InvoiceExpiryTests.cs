using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class InvoiceExpiryTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.InvoiceExpiry = TimeSpan.FromSeconds(1);

    [Test]
    public async Task An_unpaid_sandbox_ends_with_its_invoice_and_its_home_is_removed()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 700);
        var home = (await Api.GetAsync("/_emulator/sandboxes", Admin))["sandboxes"].AsArray()
            .Single(s => s!["sandbox_id"]!.GetValue<string>() == sandbox.Id)!["home_directory"]!.GetValue<string>();
        Assert.That(Directory.Exists(home), Is.True);

        var ended = await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "terminated");
        await Poll.UntilAsync(() => !Directory.Exists(home), "the unpaid sandbox's home to be removed");
        var stale = await Api.PostAsync($"/_emulator/invoices/{sandbox.PaymentHash}/pay", Admin);
        var exec = await Api.PostAsync($"/v1/sandboxes/{sandbox.Id}/exec", sandbox.Token, new { command = "true" });

        Assert.That(ended.Json!["pending_invoice"], Is.Null);
        Assert.That((stale.Code, stale.ErrorCode), Is.EqualTo((409, "sandbox_terminated")));
        Assert.That(exec.Code, Is.EqualTo(409));
    }
}
