using Sockt.Emulator;
using Sockt.Models;

namespace Sockt.Samples;

/// <summary>
/// Where a sample runs. With <c>SOCKT_API_URL</c> or <c>SOCKT_API_KEY</c> set, against that service (the client reads
/// the environment itself); otherwise against an emulator started in this process, so a sample needs nothing but the
/// .NET SDK. The emulator-only helpers (<see cref="PayInvoiceAsync"/>, <see cref="AdvanceClockAsync"/>,
/// <see cref="SimulateFault"/>) do nothing against a real service, where a wallet pays and time passes by itself.
/// </summary>
public sealed class SampleHost : IAsyncDisposable
{
    private readonly SocktEmulator? _emulator;

    private SampleHost(SocktEmulator? emulator)
    {
        _emulator = emulator;
    }

    /// <summary>Whether the sample talks to the embedded emulator.</summary>
    public bool IsEmulated => _emulator is not null;

    /// <summary>The embedded emulator's API key, or null when the environment provides the credentials.</summary>
    public string? ApiKey => _emulator?.ApiKey;

    /// <summary>
    /// Client options for this host: the emulator's address and key, or empty options so that the client falls back
    /// to <c>SOCKT_API_URL</c>, <c>SOCKT_API_KEY</c> and <c>SOCKT_SANDBOX_TOKEN</c>. A new instance on each read.
    /// </summary>
    public ComputeClientOptions ClientOptions
    {
        get
        {
            var options = new ComputeClientOptions { BaseUrl = _emulator?.BaseUrl, ApiKey = _emulator?.ApiKey };
            if (_emulator is not null)
            {
                // The emulator boots in milliseconds; the hosted service's 2 s poll would only slow the samples down.
                options.WaitPollInterval = TimeSpan.FromMilliseconds(100);
            }

            return options;
        }
    }

    /// <summary>Starts the embedded emulator unless <c>SOCKT_API_URL</c> or <c>SOCKT_API_KEY</c> is set.</summary>
    /// <param name="configure">Adjusts the emulator's options (ignored against a real service).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The host; dispose it to stop the emulator.</returns>
    public static async Task<SampleHost> StartAsync(Action<SocktEmulatorOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SOCKT_API_URL"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SOCKT_API_KEY")))
        {
            return new SampleHost(emulator: null);
        }

        var options = new SocktEmulatorOptions();
        configure?.Invoke(options);
        return new SampleHost(await SocktEmulator.StartAsync(options, cancellationToken));
    }

    /// <summary>Creates a client for this host (see <see cref="ClientOptions"/>).</summary>
    /// <returns>A new client; dispose it.</returns>
    public ComputeClient CreateClient() => new(ClientOptions);

    /// <summary>
    /// Pays a Lightning invoice when emulated (as a wallet would). Against a real service it does nothing: pay the
    /// printed BOLT11 invoice with your wallet while the sample waits.
    /// </summary>
    /// <param name="invoice">The invoice to pay; nothing happens when null.</param>
    /// <param name="cancellationToken">Cancels the payment.</param>
    /// <returns>Whether the invoice was paid here.</returns>
    public async Task<bool> PayInvoiceAsync(PendingInvoice? invoice, CancellationToken cancellationToken = default)
    {
        if (_emulator is null || string.IsNullOrEmpty(invoice?.PaymentHash))
        {
            return false;
        }

        await _emulator.PayInvoiceAsync(invoice.PaymentHash, cancellationToken);
        return true;
    }

    /// <summary>
    /// Lets billed time pass at once when emulated, so a sample can show balance warnings without running for
    /// minutes. Against a real service time passes by itself and this does nothing.
    /// </summary>
    /// <param name="by">How much compute time to bill.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the time is billed.</returns>
    public Task AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) =>
        _emulator is null ? Task.CompletedTask : _emulator.AdvanceClockAsync(by, cancellationToken);

    /// <summary>
    /// Makes the emulator answer matching requests with an error (for example 503 <c>no_capacity</c>), to show how a
    /// sample handles it. Against a real service it does nothing: the real errors come when they come.
    /// </summary>
    /// <param name="fault">The fault to inject.</param>
    public void SimulateFault(EmulatorFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _emulator?.InjectFault(fault);
    }

    /// <summary>Stops the embedded emulator (its sandboxes and processes), if any.</summary>
    /// <returns>A task that completes when it stopped.</returns>
    public ValueTask DisposeAsync() => _emulator?.DisposeAsync() ?? ValueTask.CompletedTask;
}
