using System.Security.Cryptography;
using System.Text;
using NBitcoin;

namespace Sockt.Emulator.Lightning;

/// <summary>
/// Issues signed BOLT #11 invoices as a Lightning node with a fixed node key would. Fields, in this order:
/// <c>p</c> payment hash, <c>s</c> payment secret, <c>d</c> description, <c>x</c> expiry, <c>c</c>
/// min_final_cltv_expiry and <c>9</c> features (var_onion_optin and payment_secret, both compulsory). No
/// <c>n</c> field: payers recover the node id from the signature. Thread-safe.
/// </summary>
public sealed class Bolt11InvoiceEncoder : IDisposable
{
    /// <summary>The <c>c</c> value written: BOLT #11's default, also what payers assume without the field.</summary>
    public const int MinFinalCltvExpiry = 18;

    /// <summary>Longest description that fits one <c>d</c> field (1023 words of 5 bits).</summary>
    public const int MaxDescriptionBytes = Bolt11Writer.MaxFieldWords * 5 / 8;

    // BOLT #9 bit numbers (even = compulsory).
    private const int VarOnionOptinCompulsory = 8;
    private const int PaymentSecretCompulsory = 14;

    private readonly Key _nodeKey;
    private readonly string _prefix;

    /// <summary>Creates an encoder that signs with <paramref name="nodePrivateKey"/> (32 bytes, a valid secp256k1 scalar).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes or not a valid secp256k1 private key.</exception>
    public Bolt11InvoiceEncoder(ReadOnlySpan<byte> nodePrivateKey, Bolt11Network network = Bolt11Network.Regtest)
    {
        if (nodePrivateKey.Length != 32)
        {
            throw new ArgumentException("The node private key must be 32 bytes.", nameof(nodePrivateKey));
        }

        try
        {
            _nodeKey = new Key(nodePrivateKey.ToArray());
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException("The node private key is not a valid secp256k1 private key.", nameof(nodePrivateKey), ex);
        }

        Network = network;
        _prefix = "ln" + network switch
        {
            Bolt11Network.Regtest => "bcrt",
            Bolt11Network.Mainnet => "bc",
            Bolt11Network.Testnet => "tb",
            Bolt11Network.Signet => "tbs",
            _ => throw new ArgumentOutOfRangeException(nameof(network), network, "Unknown network."),
        };
        NodeId = Convert.ToHexStringLower(_nodeKey.PubKey.ToBytes());
    }

    /// <summary>The network the invoices are for.</summary>
    public Bolt11Network Network { get; }

    /// <summary>The node's public key (33-byte compressed secp256k1 point, 66 lower-case hex characters).</summary>
    public string NodeId { get; }

    /// <summary>An encoder with a fresh random node key.</summary>
    public static Bolt11InvoiceEncoder CreateWithRandomKey(Bolt11Network network = Bolt11Network.Regtest)
    {
        using var key = new Key();
        return new Bolt11InvoiceEncoder(key.ToBytes(), network);
    }

    /// <summary>Issues an invoice with a fresh random preimage and payment secret, timestamped now.</summary>
    /// <param name="amountMsats">Amount in millisatoshis (1 to 21 million BTC).</param>
    /// <param name="description">UTF-8 description of at most <see cref="MaxDescriptionBytes"/> bytes.</param>
    /// <param name="expiry">How long the invoice is payable; whole seconds, at least one.</param>
    public Bolt11Invoice Create(long amountMsats, string description, TimeSpan expiry) =>
        Create(amountMsats, description, expiry, DateTimeOffset.UtcNow, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

    /// <summary>Issues an invoice from explicit inputs (deterministic: the same inputs give the same invoice).</summary>
    /// <param name="amountMsats">Amount in millisatoshis (1 to 21 million BTC).</param>
    /// <param name="description">UTF-8 description of at most <see cref="MaxDescriptionBytes"/> bytes.</param>
    /// <param name="expiry">How long the invoice is payable; whole seconds, at least one.</param>
    /// <param name="createdAt">The timestamp; sub-second parts are dropped.</param>
    /// <param name="preimage">32-byte payment preimage; the payment hash is its SHA-256.</param>
    /// <param name="paymentSecret">32-byte payment secret.</param>
    /// <exception cref="ArgumentException">An argument is outside the ranges above.</exception>
    public Bolt11Invoice Create(long amountMsats, string description, TimeSpan expiry, DateTimeOffset createdAt, ReadOnlySpan<byte> preimage, ReadOnlySpan<byte> paymentSecret)
    {
        if (amountMsats is < 1 or > Bolt11Amount.MaxMsats)
        {
            throw new ArgumentOutOfRangeException(nameof(amountMsats), amountMsats, $"The amount must be between 1 and {Bolt11Amount.MaxMsats} msat.");
        }

        ArgumentNullException.ThrowIfNull(description);
        var descriptionBytes = Encoding.UTF8.GetBytes(description);
        if (descriptionBytes.Length > MaxDescriptionBytes)
        {
            throw new ArgumentException($"The description is {descriptionBytes.Length} UTF-8 bytes; at most {MaxDescriptionBytes} fit.", nameof(description));
        }

        if (expiry < TimeSpan.FromSeconds(1) || expiry.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "The expiry must be a positive whole number of seconds.");
        }

        var timestamp = createdAt.ToUnixTimeSeconds();
        if (timestamp is < 0 or > Bolt11Writer.MaxTimestamp)
        {
            throw new ArgumentOutOfRangeException(nameof(createdAt), createdAt, "The timestamp must fit BOLT #11's 35 bits from 1970.");
        }

        if (preimage.Length != 32)
        {
            throw new ArgumentException("The preimage must be 32 bytes.", nameof(preimage));
        }

        if (paymentSecret.Length != 32)
        {
            throw new ArgumentException("The payment secret must be 32 bytes.", nameof(paymentSecret));
        }

        var paymentHash = SHA256.HashData(preimage);
        var bolt11 = new Bolt11Writer(_prefix + Bolt11Amount.Format(amountMsats), timestamp)
            .AddBytes('p', paymentHash)
            .AddBytes('s', paymentSecret)
            .AddBytes('d', descriptionBytes)
            .AddInteger('x', (long)expiry.TotalSeconds)
            .AddInteger('c', MinFinalCltvExpiry)
            .AddFeatures(VarOnionOptinCompulsory, PaymentSecretCompulsory)
            .Sign(_nodeKey);

        var created = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        return new Bolt11Invoice(
            bolt11,
            Convert.ToHexStringLower(paymentHash),
            Convert.ToHexStringLower(preimage),
            Convert.ToHexStringLower(paymentSecret),
            amountMsats,
            description,
            created,
            created + expiry);
    }

    /// <summary>Clears the node key from memory.</summary>
    public void Dispose() => _nodeKey.Dispose();
}
