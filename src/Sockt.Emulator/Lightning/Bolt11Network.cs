namespace Sockt.Emulator.Lightning;

/// <summary>The Bitcoin network an invoice is payable on; it selects the BOLT #11 prefix.</summary>
public enum Bolt11Network
{
    /// <summary>Regtest, prefix <c>lnbcrt</c> (the emulator's default: nothing real can pay it).</summary>
    Regtest,

    /// <summary>Mainnet, prefix <c>lnbc</c>.</summary>
    Mainnet,

    /// <summary>Testnet, prefix <c>lntb</c>.</summary>
    Testnet,

    /// <summary>Signet, prefix <c>lntbs</c>.</summary>
    Signet,
}
