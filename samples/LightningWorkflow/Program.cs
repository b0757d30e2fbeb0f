// Lightning workflow: create an anonymous, pay-as-you-go sandbox, pay its invoice, run a command, get a refund.
using Sockt;
using Sockt.Models;
using Sockt.Samples;

await using var host = await SampleHost.StartAsync();
using var client = host.CreateClient(); // Python: ComputeClient() (Lightning needs no API key)

var sandbox = await client.CreateSandboxAsync(tier: "nano", billingMethod: BillingMethod.Lightning, prepaidSats: 3000);
Console.WriteLine($"Pay this invoice to start: {sandbox.PendingInvoice!.Bolt11}");
Console.WriteLine($"Amount: {sandbox.PendingInvoice.AmountMsats} msats");

sandbox.PendingInvoiceReceived += (_, e) =>
    Console.WriteLine($"\nNew invoice! Pay to continue: {e.Invoice.Bolt11}");

// The embedded emulator pays the invoice as a wallet would; against the real service, pay it with your wallet now.
if (await host.PayInvoiceAsync(sandbox.PendingInvoice))
{
    Console.WriteLine("(the emulator paid the invoice)");
}

await sandbox.WaitUntilRunningAsync(timeout: TimeSpan.FromSeconds(300));
var result = await sandbox.ExecAsync("echo 'Paid with Lightning!'");
Console.WriteLine(result.Stdout);

await sandbox.TerminateAsync(lightningAddress: "user@getalby.com");
