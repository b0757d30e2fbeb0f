using Sockt.Emulator.Lightning;

namespace Sockt.Emulator.Primitives.Tests.Lightning;

/// <summary>
/// The BOLT #11 examples, reproduced character for character by the internal writer (same key, timestamp and
/// fields as the spec), plus the spec's valid and invalid strings through our Bech32 decoder. Signatures are
/// deterministic (RFC 6979), so an exact match proves hrp handling, field packing, signing and checksum at once.
/// </summary>
[Parallelizable(ParallelScope.All)]
public sealed class Bolt11SpecVectorTests
{
    private const string SpecPrivateKey = "e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734";
    private const string SpecNodeId = "03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad";
    private const long SpecTimestamp = 1496314658;
    private const string SpecPaymentHash = "0001020304050607080900010203040506070809000102030405060708090102";

    private const string Donation =
        "lnbc1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq8rkx3yf5tcsyz3d73gafnh3cax9rn449d9p5uxz9ezhhypd0elx87sjle52x86fux2ypatgddc6k63n7erqz25le42c4u4ecky03ylcqca784w";

    private const string CupOfCoffee =
        "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpuaztrnwngzn3kdzw5hydlzf03qdgm2hdq27cqv3agm2awhz5se903vruatfhq77w3ls4evs3ch9zw97j25emudupq63nyw24cg27h2rspfj9srp";

    private const string Nonsense =
        "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpquwpc4curk03c9wlrswe78q4eyqc7d8d0xqzpuyk0sg5g70me25alkluzd2x62aysf2pyy8edtjeevuv4p2d5p76r4zkmneet7uvyakky2zr4cusd45tftc9c5fh0nnqpnl2jfll544esqchsrny";

    private const string CoffeeBeans =
        "lnbc25m1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5vdhkven9v5sxyetpdeessp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs9q5sqqqqqqqqqqqqqqqpqsq67gye39hfg3zd8rgc80k32tvy9xk2xunwm5lzexnvpx6fd77en8qaq424dxgt56cag2dpt359k3ssyhetktkpqh24jqnjyw6uqd08sgptq44qu";

    [Test]
    public void Donation_example_without_amount_is_reproduced()
    {
        var invoice = SpecWriter("lnbc")
            .AddBytes('p', Convert.FromHexString(SpecPaymentHash))
            .AddBytes('d', "Please consider supporting this project"u8)
            .Sign(SpecKey());

        Assert.That(invoice, Is.EqualTo(Donation));
    }

    [Test]
    public void Coffee_example_with_amount_and_expiry_is_reproduced()
    {
        var invoice = SpecWriter("lnbc2500u")
            .AddBytes('p', Convert.FromHexString(SpecPaymentHash))
            .AddBytes('d', "1 cup coffee"u8)
            .AddInteger('x', 60)
            .Sign(SpecKey());

        Assert.That(invoice, Is.EqualTo(CupOfCoffee));
    }

    [Test]
    public void Utf8_description_example_is_reproduced()
    {
        var invoice = SpecWriter("lnbc2500u")
            .AddBytes('p', Convert.FromHexString(SpecPaymentHash))
            .AddBytes('d', "ナンセンス 1杯"u8)
            .AddInteger('x', 60)
            .Sign(SpecKey());

        Assert.That(invoice, Is.EqualTo(Nonsense));
    }

    [Test]
    public void Payment_secret_and_feature_bits_example_is_reproduced()
    {
        var invoice = SpecWriter("lnbc25m")
            .AddBytes('p', Convert.FromHexString(SpecPaymentHash))
            .AddBytes('d', "coffee beans"u8)
            .AddBytes('s', Enumerable.Repeat((byte)0x11, 32).ToArray())
            .AddFeatures(9, 15, 99)
            .Sign(SpecKey());

        Assert.That(invoice, Is.EqualTo(CoffeeBeans));
    }

    [Test]
    public void Encoder_with_the_spec_key_has_the_spec_node_id()
    {
        using var encoder = new Bolt11InvoiceEncoder(Convert.FromHexString(SpecPrivateKey), Bolt11Network.Mainnet);

        Assert.That(encoder.NodeId, Is.EqualTo(SpecNodeId));
    }

    [TestCase(Donation)]
    [TestCase(CupOfCoffee)]
    [TestCase(CoffeeBeans)]
    public void Bech32_decodes_spec_invoices_and_reencodes_them_identically(string invoice)
    {
        var decoded = Bolt11Bech32.Decode(invoice);

        Assert.That(decoded, Is.Not.Null);
        Assert.That(Bolt11Bech32.Encode(decoded!.Value.Hrp, decoded.Value.Words), Is.EqualTo(invoice));
    }

    [Test]
    public void Bech32_accepts_the_all_upper_case_spec_invoice()
    {
        var decoded = Bolt11Bech32.Decode(CoffeeBeans.ToUpperInvariant());

        Assert.That(decoded?.Hrp, Is.EqualTo("lnbc25m"));
    }

    [TestCase(
        "lnbc2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpquwpc4curk03c9wlrswe78q4eyqc7d8d0xqzpuyk0sg5g70me25alkluzd2x62aysf2pyy8edtjeevuv4p2d5p76r4zkmneet7uvyakky2zr4cusd45tftc9c5fh0nnqpnl2jfll544esqchsrnt",
        TestName = "Bech32 rejects the spec invoice with a wrong checksum")]
    [TestCase(
        "pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpquwpc4curk03c9wlrswe78q4eyqc7d8d0xqzpuyk0sg5g70me25alkluzd2x62aysf2pyy8edtjeevuv4p2d5p76r4zkmneet7uvyakky2zr4cusd45tftc9c5fh0nnqpnl2jfll544esqchsrny",
        TestName = "Bech32 rejects the spec string without separator")]
    [TestCase(
        "LNBC2500u1pvjluezpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpquwpc4curk03c9wlrswe78q4eyqc7d8d0xqzpuyk0sg5g70me25alkluzd2x62aysf2pyy8edtjeevuv4p2d5p76r4zkmneet7uvyakky2zr4cusd45tftc9c5fh0nnqpnl2jfll544esqchsrny",
        TestName = "Bech32 rejects the spec string in mixed case")]
    public void Bech32_rejects_invalid_spec_strings(string invalid)
    {
        Assert.That(Bolt11Bech32.Decode(invalid), Is.Null);
    }

    [TestCase(1L, "10p")]
    [TestCase(150L, "1500p")]
    [TestCase(100L, "1n")]
    [TestCase(1_000L, "10n")]
    [TestCase(100_000L, "1u")]
    [TestCase(5_000_000L, "50u")]
    [TestCase(250_000_000L, "2500u")]
    [TestCase(2_000_000_000L, "20m")]
    [TestCase(2_500_000_000L, "25m")]
    [TestCase(967_878_534L, "9678785340p")]
    [TestCase(100_000_000_000L, "1")]
    [TestCase(2_100_000_000_000_000_000L, "21000000")]
    [TestCase(2_099_999_999_999_999_999L, "20999999999999999990p")]
    public void Amount_uses_the_largest_exact_multiplier(long msats, string expected)
    {
        Assert.That(Bolt11Amount.Format(msats), Is.EqualTo(expected));
    }

    private static Bolt11Writer SpecWriter(string hrp) => new(hrp, SpecTimestamp);

    private static NBitcoin.Key SpecKey() => new(Convert.FromHexString(SpecPrivateKey));
}
