namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>What a Lightning create answered.</summary>
internal sealed record LightningSandbox(string Id, string Token, string PaymentHash, string Invoice, long AmountMsats);
