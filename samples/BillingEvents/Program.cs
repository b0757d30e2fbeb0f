// Billing events: get told when a Lightning sandbox needs a new invoice paid, runs low, or runs out.
using Sockt;
using Sockt.Models;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient(); // Python: ComputeClient()

var sandbox = await client.CreateSandboxAsync(tier: "nano", billingMethod: BillingMethods.Lightning, prepaidSats: 1000);

void OnInvoice(PendingInvoice invoice)
{
    Console.WriteLine($"Invoice: {invoice.Bolt11}");
    Console.WriteLine($"  Amount: {invoice.AmountMsats} msats");
    Console.WriteLine($"  Expires: {invoice.ExpiresAt}");
}

void OnLowBalance(BillingWarning data) => Console.WriteLine("Balance running low!");

void OnOutOfBalance(BillingWarning data) => Console.WriteLine("Out of balance — sandbox will pause");

sandbox.On<PendingInvoice>(SandboxEvents.PendingInvoice, OnInvoice);
sandbox.On<BillingWarning>(SandboxEvents.LowBalance, OnLowBalance);
sandbox.On<BillingWarning>(SandboxEvents.OutOfBalance, OnOutOfBalance);
// The C# events do the same: sandbox.PendingInvoiceReceived += (_, e) => OnInvoice(e.Invoice);

await host.PayInvoiceAsync(sandbox.PendingInvoice); // the creation invoice (pay it with your wallet on the real service)
await sandbox.WaitUntilRunningAsync();
var result = await sandbox.ExecSyncAsync("echo 'long-running-job done'");
Console.WriteLine(result.Stdout);

// 1000 sats last 2000 s on nano. The emulator bills that time at once instead of making you wait; every status read
// (here RefreshStatusAsync) raises the events whose state changed.
await host.AdvanceClockAsync(TimeSpan.FromSeconds(1800));
await sandbox.RefreshStatusAsync();
await host.AdvanceClockAsync(TimeSpan.FromSeconds(300));
await sandbox.RefreshStatusAsync();
Console.WriteLine($"Status: {sandbox.Status}");

await sandbox.TerminateAsync();
