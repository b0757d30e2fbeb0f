using System.Runtime.CompilerServices;

// The primitives' tests reproduce the BOLT #11 examples byte for byte through the internal Bolt11Writer and
// Bolt11Bech32, which need fields and feature bits the public encoder deliberately does not offer.
[assembly: InternalsVisibleTo("Sockt.Emulator.Primitives.Tests")]
