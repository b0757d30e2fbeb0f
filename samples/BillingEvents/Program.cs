// Billing events: get told when a Lightning sandbox needs a new invoice paid, runs low, or runs out.
using Sockt;
using Sockt.Models;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient(); // Python: ComputeClient()

var sandbox = await client.CreateSandboxAsync(tier: "nano", billingMethod: BillingMethod.Lightning, prepaidSats: 1000);

void OnInvoice(object? sender, PendingInvoiceEventArgs e)
{
    Console.WriteLine($"Invoice: {e.Invoice.Bolt11}");
    Console.WriteLine($"  Amount: {e.Invoice.AmountMsats} msats");
    Console.WriteLine($"  Expires: {e.Invoice.ExpiresAt}");
}

void OnLowBalance(object? sender, BillingWarningEventArgs e) => Console.WriteLine("Balance running low!");

void OnOutOfBalance(object? sender, BillingWarningEventArgs e) => Console.WriteLine("Out of balance — sandbox will pause");

// Python: sandbox.on("pending_invoice", ...), sandbox.on("low_balance", ...), sandbox.on("out_of_balance", ...)
sandbox.PendingInvoiceReceived += OnInvoice;
sandbox.LowBalance += OnLowBalance;
sandbox.OutOfBalance += OnOutOfBalance;

await host.PayInvoiceAsync(sandbox.PendingInvoice); // the creation invoice (pay it with your wallet on the real service)
await sandbox.WaitUntilRunningAsync();
var result = await sandbox.ExecAsync("echo 'long-running-job done'");
Console.WriteLine(result.Stdout);

// 1000 sats last 2000 s on nano. The emulator bills that time at once instead of making you wait; every status read
// (here RefreshStatusAsync) raises the events whose state changed.
await host.AdvanceClockAsync(TimeSpan.FromSeconds(1800));
await sandbox.RefreshStatusAsync();
await host.AdvanceClockAsync(TimeSpan.FromSeconds(300));
await sandbox.RefreshStatusAsync();
Console.WriteLine($"Status: {sandbox.Status}");

await sandbox.TerminateAsync();
