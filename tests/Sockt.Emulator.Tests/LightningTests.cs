using System.Security.Cryptography;
using Sockt.Emulator.Lightning;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class LightningTests : EmulatorTestBase
{
    [Test]
    public async Task Create_answers_the_snake_case_shape_with_a_bolt11_invoice()
    {
        var created = await Api.PostAsync("/v1/sandboxes", null, new { tier = "nano", billing_method = "lightning", prepaid_sats = 1000, label = "ln" });

        Assert.That(created.Code, Is.EqualTo(201));
        Assert.Multiple(() =>
        {
            Assert.That(created.Str("status"), Is.EqualTo("awaiting_payment"));
            Assert.That(created.Str("sandbox_id"), Does.Match("^sb_[0-9a-f]{12}$"));
            Assert.That(created.Str("sandbox_token"), Does.Match("^sbx_[0-9a-f]{32}$"));
            Assert.That(created.Str("billing_method"), Is.EqualTo("lightning"));
            Assert.That(created.Str("tier"), Is.EqualTo("nano"));
            Assert.That(created.Str("runtime"), Is.EqualTo("cpu"));
            Assert.That(created.Long("amount_msats"), Is.EqualTo(1_000_000));
            Assert.That(created.Long("amount_sats"), Is.EqualTo(1000));
            Assert.That(created.Long("msats_per_second"), Is.EqualTo(500));
            Assert.That(created.Long("prepaid_seconds"), Is.EqualTo(2000));
            Assert.That(created.Str("payment_hash"), Does.Match("^[0-9a-f]{64}$"));
            Assert.That(created.Str("invoice"), Does.StartWith("lnbcrt10u1"));
            Assert.That(DateTimeOffset.Parse(created.Str("expires_at"), System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(DateTimeOffset.UtcNow));
            Assert.That(created["pending_invoice"]["bolt11"]!.GetValue<string>(), Is.EqualTo(created.Str("invoice")));
        });
    }

    [Test]
    public async Task The_invoice_is_valid_bech32_and_carries_the_payment_hash()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 2500);

        var decoded = Bolt11Bech32.Decode(sandbox.Invoice);

        Assert.That(decoded, Is.Not.Null, "checksum verifies");
        Assert.That(decoded!.Value.Hrp, Is.EqualTo("lnbcrt25u"));
        Assert.That(TaggedField(decoded.Value.Words, 'p'), Is.EqualTo(sandbox.PaymentHash));
    }

    [Test]
    public async Task Paying_the_invoice_starts_the_sandbox_end_to_end()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 1000);
        var before = await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}", sandbox.Token);
        var viaQuery = await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}?sandbox_token={sandbox.Token}");
        var unpaidExec = await Api.PostAsync($"/v1/sandboxes/{sandbox.Id}/exec", sandbox.Token, new { command = "true" });

        var paid = await Api.PostAsync($"/_emulator/invoices/{sandbox.PaymentHash}/pay", Admin);
        var running = await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");
        var outcome = await Api.RunAsync(sandbox.Id, sandbox.Token, "echo paid with lightning");
        var payAgain = await Api.PostAsync($"/_emulator/invoices/{sandbox.PaymentHash}/pay", Admin);
        var payUnknown = await Api.PostAsync($"/_emulator/invoices/{new string('0', 64)}/pay", Admin);

        Assert.Multiple(() =>
        {
            Assert.That(before.Str("status"), Is.EqualTo("awaiting_payment"));
            Assert.That(before.Str("sandbox_token"), Is.EqualTo(sandbox.Token), "the token holder sees its token");
            Assert.That(before["pending_invoice"]["payment_hash"]!.GetValue<string>(), Is.EqualTo(sandbox.PaymentHash));
            Assert.That(viaQuery.Code, Is.EqualTo(200));
            Assert.That((unpaidExec.Code, unpaidExec.ErrorCode), Is.EqualTo((402, "insufficient_credits")));
            Assert.That((paid.Code, paid.Str("status")), Is.EqualTo((200, "paid")));
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(paid.Str("preimage")))), Is.EqualTo(sandbox.PaymentHash));
            Assert.That(running.Long("prepaid_balance_msats"), Is.EqualTo(1_000_000));
            Assert.That(running.Long("seconds_remaining"), Is.EqualTo(2000));
            Assert.That(running.Str("warning_level"), Is.EqualTo("ok"));
            Assert.That(running.Json!["pending_invoice"], Is.Null);
            Assert.That(outcome.Stdout, Is.EqualTo("paid with lightning\n"));
            Assert.That(payAgain.Code, Is.EqualTo(409));
            Assert.That((payUnknown.Code, payUnknown.ErrorCode), Is.EqualTo((404, "not_found")));
        });
    }

    [Test]
    public async Task The_balance_drains_warns_pauses_and_a_paid_top_up_resumes()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 1000);
        await Emulator.PayInvoiceAsync(sandbox.PaymentHash);
        await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");

        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(1750));
        var low = await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}", sandbox.Token);
        var topUpHash = low["pending_invoice"]["payment_hash"]!.GetValue<string>();
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(300));
        var empty = await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}", sandbox.Token);
        var refused = await Api.PostAsync($"/v1/sandboxes/{sandbox.Id}/exec", sandbox.Token, new { command = "true" });
        await Api.PostAsync($"/_emulator/invoices/{topUpHash}/pay", Admin);
        var resumed = await Api.GetAsync($"/v1/sandboxes/{sandbox.Id}", sandbox.Token);
        var works = await Api.RunAsync(sandbox.Id, sandbox.Token, "echo again");

        Assert.Multiple(() =>
        {
            Assert.That(low.Str("warning_level"), Is.EqualTo("low_balance"));
            Assert.That(low.Long("prepaid_balance_msats"), Is.EqualTo(125_000));
            Assert.That(low.Long("seconds_remaining"), Is.EqualTo(250));
            Assert.That(low.Long("consumed_msats"), Is.EqualTo(875_000));
            Assert.That(topUpHash, Is.Not.EqualTo(sandbox.PaymentHash));
            Assert.That(low["pending_invoice"]["amount_msats"]!.GetValue<long>(), Is.EqualTo(1_000_000));
            Assert.That(low["pending_invoice"]["bolt11"]!.GetValue<string>(), Does.StartWith("lnbcrt10u1"));
            Assert.That((empty.Str("status"), empty.Str("warning_level")), Is.EqualTo(("paused", "out_of_balance")));
            Assert.That(empty.Long("prepaid_balance_msats"), Is.Zero);
            Assert.That(empty["pending_invoice"]["payment_hash"]!.GetValue<string>(), Is.EqualTo(topUpHash));
            Assert.That((refused.Code, refused.ErrorCode), Is.EqualTo((402, "insufficient_credits")));
            Assert.That((resumed.Str("status"), resumed.Str("warning_level")), Is.EqualTo(("running", "ok")));
            Assert.That(resumed.Long("prepaid_balance_msats"), Is.EqualTo(1_000_000));
            Assert.That(resumed.Json!["pending_invoice"], Is.Null);
            Assert.That(works.Stdout, Is.EqualTo("again\n"));
        });
    }

    [Test]
    public async Task Terminate_refunds_the_remaining_balance_to_the_lightning_address()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 5000);
        await Emulator.PayInvoiceAsync(sandbox.PaymentHash);
        await Api.WaitForStatusAsync(sandbox.Id, sandbox.Token, "running");
        await Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(2500));

        var terminated = await Api.DeleteAsync($"/v1/sandboxes/{sandbox.Id}", null, new { lightning_address = "agent-sats@wallet.example", sandbox_token = sandbox.Token });

        Assert.Multiple(() =>
        {
            Assert.That(terminated.Str("status"), Is.EqualTo("terminated"));
            Assert.That(terminated.Long("consumed_msats_total"), Is.EqualTo(1_250_000));
            Assert.That(terminated["refund"]["status"]!.GetValue<string>(), Is.EqualTo("sent"));
            Assert.That(terminated["refund"]["amount_sats"]!.GetValue<long>(), Is.EqualTo(3750));
            Assert.That(terminated["refund"]["address"]!.GetValue<string>(), Is.EqualTo("agent-sats@wallet.example"));
        });
    }

    [Test]
    public async Task Terminate_without_an_address_sends_no_refund()
    {
        var sandbox = await Api.CreateLightningSandboxAsync(prepaidSats: 100);
        await Emulator.PayInvoiceAsync(sandbox.PaymentHash);

        var terminated = await Api.DeleteAsync($"/v1/sandboxes/{sandbox.Id}?sandbox_token={sandbox.Token}", null);

        Assert.That(terminated["refund"]["status"]!.GetValue<string>(), Is.EqualTo("none"));
        Assert.That(terminated["refund"]["amount_sats"]!.GetValue<long>(), Is.EqualTo(100));
    }

    [Test]
    public async Task A_sandbox_token_cannot_touch_another_sandbox()
    {
        var mine = await Api.CreateLightningSandboxAsync();
        var theirs = await Api.CreateLightningSandboxAsync();

        var status = await Api.GetAsync($"/v1/sandboxes/{theirs.Id}", mine.Token);
        var terminate = await Api.DeleteAsync($"/v1/sandboxes/{theirs.Id}", mine.Token);
        var bodyToken = await Api.PostAsync($"/v1/sandboxes/{theirs.Id}/exec", null, new { command = "true", sandbox_token = mine.Token });

        Assert.That((status.Code, status.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That((terminate.Code, terminate.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That((bodyToken.Code, bodyToken.ErrorCode), Is.EqualTo((403, "forbidden")));
        Assert.That((await Api.GetAsync($"/v1/sandboxes/{theirs.Id}", theirs.Token)).Str("status"), Is.EqualTo("awaiting_payment"));
    }

    [Test]
    public async Task Embedded_pay_refuses_unknown_hashes_with_an_argument_exception()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Emulator.PayInvoiceAsync(new string('a', 64)));

        Assert.That(error!.ParamName, Is.EqualTo("paymentHash"));
    }

    /// <summary>The data of the first BOLT11 tagged field of <paramref name="type"/>, as lower-case hex.</summary>
    private static string? TaggedField(byte[] words, char type)
    {
        const int signatureWords = 104;
        var at = 7; // timestamp
        while (at + 3 <= words.Length - signatureWords)
        {
            var tag = Bolt11Bech32.Charset[words[at]];
            var length = (words[at + 1] * 32) + words[at + 2];
            var data = words.AsSpan(at + 3, length);
            if (tag == type)
            {
                var bytes = Bolt11Bech32.ToBytes(data);
                return Convert.ToHexStringLower(bytes.AsSpan(0, length * 5 / 8));
            }

            at += 3 + length;
        }

        return null;
    }
}
