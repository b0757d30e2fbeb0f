using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sockt.Emulator.Lightning;

namespace Sockt.Emulator.Primitives.Tests.Lightning;

/// <summary>The public encoder's invoices, decoded by the independent npm <c>bolt11</c> package.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class Bolt11InvoiceEncoderTests
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 5, 29, 15, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Independent_decoder_reads_back_every_field_and_recovers_the_node_key()
    {
        using var encoder = Bolt11InvoiceEncoder.CreateWithRandomKey();
        Bolt11Invoice[] invoices =
        [
            encoder.Create(5_000_000, "Sockt sandbox sb_9f8a3d2e1c0b (nano, 10000 s)", TimeSpan.FromHours(1)),
            encoder.Create(1, "one millisatoshi", TimeSpan.FromSeconds(1)),
            encoder.Create(123_456_789, "ナンセンス 1杯 — prepaid", TimeSpan.FromDays(7)),
            encoder.Create(2_100_000_000_000_000_000, string.Empty, TimeSpan.FromSeconds(3600)),
            // The longest description: the invoice is far beyond BIP-173's 90 characters (and beyond 1023).
            encoder.Create(42_000, new string('x', Bolt11InvoiceEncoder.MaxDescriptionBytes), TimeSpan.FromMinutes(15)),
        ];

        var decoded = await IndependentBolt11Decoder.DecodeAsync([.. invoices.Select(i => i.Bolt11)]);

        Assert.That(invoices[4].Bolt11, Has.Length.GreaterThan(1023));
        for (var i = 0; i < invoices.Length; i++)
        {
            AssertDecodedMatches(decoded[i], invoices[i], encoder.NodeId);
        }
    }

    [Test]
    public async Task Deterministic_overload_gives_the_expected_prefix_hash_and_times()
    {
        using var encoder = new Bolt11InvoiceEncoder(Enumerable.Range(1, 32).Select(b => (byte)b).ToArray());
        var preimage = Enumerable.Repeat((byte)0xab, 32).ToArray();
        var secret = Enumerable.Repeat((byte)0xcd, 32).ToArray();

        var invoice = encoder.Create(5_000_000, "deterministic", TimeSpan.FromSeconds(600), CreatedAt.AddMilliseconds(750), preimage, secret);
        var again = encoder.Create(5_000_000, "deterministic", TimeSpan.FromSeconds(600), CreatedAt, preimage, secret);

        Assert.Multiple(() =>
        {
            Assert.That(invoice.Bolt11, Does.StartWith("lnbcrt50u1"));
            Assert.That(again.Bolt11, Is.EqualTo(invoice.Bolt11), "RFC 6979 signing: same inputs, same invoice");
            Assert.That(invoice.PaymentHash, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(preimage))));
            Assert.That(invoice.Preimage, Is.EqualTo(Convert.ToHexStringLower(preimage)));
            Assert.That(invoice.PaymentSecret, Is.EqualTo(Convert.ToHexStringLower(secret)));
            Assert.That(invoice.CreatedAt, Is.EqualTo(CreatedAt), "sub-second part dropped, as the 35-bit timestamp does");
            Assert.That(invoice.ExpiresAt, Is.EqualTo(CreatedAt.AddMinutes(10)));
        });
        var decoded = (await IndependentBolt11Decoder.DecodeAsync(invoice.Bolt11))[0];
        AssertDecodedMatches(decoded, invoice, encoder.NodeId);
    }

    [TestCase(Bolt11Network.Mainnet, "lnbc", "bc")]
    [TestCase(Bolt11Network.Testnet, "lntb", "tb")]
    [TestCase(Bolt11Network.Regtest, "lnbcrt", "bcrt")]
    public async Task Network_selects_the_prefix(Bolt11Network network, string prefix, string bech32Network)
    {
        using var encoder = Bolt11InvoiceEncoder.CreateWithRandomKey(network);

        var invoice = encoder.Create(2_500_000_000, "network", TimeSpan.FromMinutes(1));

        Assert.That(invoice.Bolt11, Does.StartWith(prefix + "25m1"));
        var decoded = (await IndependentBolt11Decoder.DecodeAsync(invoice.Bolt11))[0];
        Assert.That(decoded.GetProperty("network").GetString(), Is.EqualTo(bech32Network), decoded.ToString());
    }

    [Test]
    public void ToString_leaves_out_the_preimage_and_the_payment_secret()
    {
        using var encoder = Bolt11InvoiceEncoder.CreateWithRandomKey();
        var invoice = encoder.Create(1000, "secret-free", TimeSpan.FromMinutes(5));

        var text = invoice.ToString();

        Assert.That(text, Does.Contain(invoice.PaymentHash).And.Contain(invoice.Bolt11));
        Assert.That(text, Does.Not.Contain(invoice.Preimage).And.Not.Contain(invoice.PaymentSecret));
    }

    [Test]
    public void Invalid_node_keys_are_rejected()
    {
        Assert.That(() => new Bolt11InvoiceEncoder(new byte[31]), Throws.ArgumentException.With.Property("ParamName").EqualTo("nodePrivateKey"));
        Assert.That(() => new Bolt11InvoiceEncoder(new byte[32]), Throws.ArgumentException.With.Property("ParamName").EqualTo("nodePrivateKey"));
    }

    [Test]
    public void Invalid_invoice_arguments_are_rejected_with_their_names()
    {
        using var encoder = Bolt11InvoiceEncoder.CreateWithRandomKey();
        var hour = TimeSpan.FromHours(1);
        var bytes = new byte[32];

        Assert.Multiple(() =>
        {
            AssertRejects(() => encoder.Create(0, "d", hour), "amountMsats");
            AssertRejects(() => encoder.Create(2_100_000_000_000_000_001, "d", hour), "amountMsats");
            AssertRejects(() => encoder.Create(1, new string('é', 320), hour), "description");
            AssertRejects(() => encoder.Create(1, "d", TimeSpan.Zero), "expiry");
            AssertRejects(() => encoder.Create(1, "d", TimeSpan.FromMilliseconds(1500)), "expiry");
            AssertRejects(() => encoder.Create(1, "d", hour, DateTimeOffset.UnixEpoch.AddSeconds(-1), bytes, bytes), "createdAt");
            AssertRejects(() => encoder.Create(1, "d", hour, CreatedAt, new byte[31], bytes), "preimage");
            AssertRejects(() => encoder.Create(1, "d", hour, CreatedAt, bytes, new byte[33]), "paymentSecret");
        });
    }

    private static void AssertRejects(Action call, string parameter) =>
        Assert.That(() => call(), Throws.InstanceOf<ArgumentException>().With.Property("ParamName").EqualTo(parameter));

    private static void AssertDecodedMatches(JsonElement decoded, Bolt11Invoice invoice, string nodeId)
    {
        Assert.That(decoded.TryGetProperty("error", out var error), Is.False, $"decoder error: {error}");
        var tags = decoded.GetProperty("tags");
        var features = tags.GetProperty("feature_bits");
        Assert.Multiple(() =>
        {
            Assert.That(decoded.GetProperty("network").GetString(), Is.EqualTo("bcrt"));
            Assert.That(decoded.GetProperty("millisatoshis").GetString(), Is.EqualTo(invoice.AmountMsats.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(decoded.GetProperty("timestamp").GetInt64(), Is.EqualTo(invoice.CreatedAt.ToUnixTimeSeconds()));
            Assert.That(decoded.GetProperty("timeExpireDate").GetInt64(), Is.EqualTo(invoice.ExpiresAt.ToUnixTimeSeconds()));
            Assert.That(decoded.GetProperty("payeeNodeKey").GetString(), Is.EqualTo(nodeId), "signature recovers to the node key");
            Assert.That(tags.GetProperty("payment_hash").GetString(), Is.EqualTo(invoice.PaymentHash));
            Assert.That(tags.GetProperty("payment_secret").GetString(), Is.EqualTo(invoice.PaymentSecret));
            Assert.That(tags.GetProperty("description").GetString(), Is.EqualTo(invoice.Description));
            Assert.That(tags.GetProperty("expire_time").GetInt64(), Is.EqualTo((long)(invoice.ExpiresAt - invoice.CreatedAt).TotalSeconds));
            Assert.That(tags.GetProperty("min_final_cltv_expiry").GetInt32(), Is.EqualTo(Bolt11InvoiceEncoder.MinFinalCltvExpiry));
            Assert.That(features.GetProperty("word_length").GetInt32(), Is.EqualTo(3), "bits 8 and 14 need exactly 3 words");
            Assert.That(features.GetProperty("var_onion_optin").GetProperty("required").GetBoolean(), Is.True);
            Assert.That(features.GetProperty("payment_secret").GetProperty("required").GetBoolean(), Is.True);
            Assert.That(Encoding.UTF8.GetByteCount(invoice.Description), Is.LessThanOrEqualTo(Bolt11InvoiceEncoder.MaxDescriptionBytes));
        });
    }
}
