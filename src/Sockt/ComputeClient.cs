using Microsoft.Extensions.Logging;
using Refit;
using Sockt.Api;
using Sockt.Diagnostics;
using Sockt.Http;
using Sockt.Internal;
using Sockt.Models;
using Sockt.Serialization;

namespace Sockt;

/// <summary>
/// The entry point of the Sockt SDK: lists tiers, creates sandboxes and opens existing ones.
/// </summary>
/// <remarks>
/// Settings resolve as constructor value &gt; environment (<c>SOCKT_API_KEY</c>, <c>SOCKT_SANDBOX_TOKEN</c>,
/// <c>SOCKT_API_URL</c>) &gt; default (<c>https://api.sockt.dev</c>, 120 s). Calls send <c>Authorization: Bearer</c> with
/// the sandbox token when there is one, else the API key. The client is immutable and thread-safe; share one instance.
/// Every member is virtual so the type can be mocked (use the protected constructor).
/// </remarks>
public class ComputeClient : IDisposable, IAsyncDisposable
{
    private readonly ClientCore? _core;

    /// <summary>Creates a client; every argument left out comes from the environment or the defaults.</summary>
    /// <param name="apiKey">API key (<c>sockt_live_…</c>) for credits billing.</param>
    /// <param name="sandboxToken">Sandbox token (<c>sbx_…</c>) of a Lightning sandbox; sent instead of the API key.</param>
    /// <param name="baseUrl">API base address.</param>
    /// <param name="timeout">HTTP request timeout.</param>
    public ComputeClient(string? apiKey = null, string? sandboxToken = null, Uri? baseUrl = null, TimeSpan? timeout = null)
        : this(new ComputeClientOptions { ApiKey = apiKey, SandboxToken = sandboxToken, BaseUrl = baseUrl, Timeout = timeout })
    {
    }

    /// <summary>Creates a client from options (unset values come from the environment or the defaults).</summary>
    /// <param name="options">The options; copied, so later changes have no effect.</param>
    public ComputeClient(ComputeClientOptions options)
        : this(ClientSettings.Resolve(options, Environment.GetEnvironmentVariable), transport: SocktHttpPipeline.CreateDefaultTransport())
    {
    }

    /// <summary>
    /// Creates a client that sends its requests through the caller's <see cref="HttpClient"/> (which the client does
    /// not dispose). The SDK's handlers (errors, logging, retries, authentication, request budget) still run in front of it.
    /// When <see cref="ComputeClientOptions.BaseUrl"/> is not set, the client's <see cref="HttpClient.BaseAddress"/> is used.
    /// </summary>
    /// <param name="options">The options; copied, so later changes have no effect.</param>
    /// <param name="httpClient">The caller's client; its handlers and default headers apply too.</param>
    public ComputeClient(ComputeClientOptions options, HttpClient httpClient)
        : this(ClientSettings.Resolve(PreferCallerBaseAddress(options, httpClient), Environment.GetEnvironmentVariable), transport: new HttpClientForwardingHandler(httpClient))
    {
    }

    /// <summary>For mocking frameworks: a client with no connection; its members must be overridden.</summary>
    protected ComputeClient()
    {
    }

    /// <summary>Builds the client over an SDK pipeline ending in <paramref name="transport"/> (owned).</summary>
    internal ComputeClient(ClientSettings settings, HttpMessageHandler transport)
    {
        var budgets = RequestBudgets.For(settings);
        var (httpClient, untimedHttpClient) = SocktHttpPipeline.CreateHttpClients(settings, budgets, transport);
        var api = RestService.For<ISocktApi>(httpClient, SocktRefitSettings.Create());
        _core = new ClientCore(settings, budgets, () => api, () => httpClient, [untimedHttpClient, httpClient, budgets], () => untimedHttpClient);
    }

    /// <summary>Builds the client over an existing core (dependency injection).</summary>
    internal ComputeClient(ClientCore core)
    {
        _core = core;
    }

    /// <summary>The API base address in use.</summary>
    public virtual Uri BaseUrl => Core.Settings.BaseUrl;

    internal ClientCore Core => _core ?? throw new InvalidOperationException("This ComputeClient was built for mocking; it has no connection.");

    /// <summary>Lists the compute tiers with their prices (no authentication needed).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The tiers.</returns>
    public virtual async Task<IReadOnlyList<SandboxTier>> ListTiersAsync(CancellationToken cancellationToken = default)
    {
        using var activity = SocktDiagnostics.StartOperation("Sockt.ComputeClient.ListTiers");
        try
        {
            var list = await Core.CallAsync(Core.Settings.DefaultCredential, api => api.ListTiersAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            return list?.Tiers?.ToArray() ?? [];
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Cancels a running execution knowing only its id (<c>DELETE /v1/executions/{id}</c>), as <c>sockt exec-cancel</c>
    /// does; with a <see cref="Sandbox"/> at hand, <see cref="Sandbox.CancelExecutionAsync"/> is the same call. Only
    /// the credential that started the execution may cancel it (else 403).
    /// </summary>
    /// <param name="executionId">The execution id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the service confirmed.</returns>
    public virtual async Task CancelExecutionAsync(string executionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionId);
        using var activity = SocktDiagnostics.StartOperation("Sockt.ComputeClient.CancelExecution", executionId: executionId);
        try
        {
            await Core.CallAsync(Core.Settings.DefaultCredential, api => api.CancelExecutionAsync(executionId, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>
    /// Creates a sandbox. With Lightning billing the sandbox's <see cref="Sandbox.PendingInvoice"/> holds the invoice to
    /// pay, and the sandbox uses the <c>sbx_…</c> token the service returned for all of its calls.
    /// </summary>
    /// <param name="tier">Tier name, for example <c>nano</c>.</param>
    /// <param name="billingMethod"><see cref="BillingMethod.Credits"/> or <see cref="BillingMethod.Lightning"/>; the service's default when null.</param>
    /// <param name="prepaidSats">Satoshis to prepay (Lightning only).</param>
    /// <param name="initialCreditsCents">USD cents to allocate (credits only).</param>
    /// <param name="label">A human-readable label.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new sandbox (not yet running: see <see cref="Sandbox.WaitUntilRunningAsync"/>).</returns>
    public virtual Task<Sandbox> CreateSandboxAsync(string tier, BillingMethod? billingMethod = null, long? prepaidSats = null, int? initialCreditsCents = null, string? label = null, CancellationToken cancellationToken = default) =>
        CreateSandboxAsync(new CreateSandboxOptions(tier) { BillingMethod = billingMethod, PrepaidSats = prepaidSats, InitialCreditsCents = initialCreditsCents, Label = label }, cancellationToken);

    /// <summary>Creates a sandbox from an options bag (see the other overload).</summary>
    /// <param name="options">The sandbox's settings.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new sandbox.</returns>
    public virtual async Task<Sandbox> CreateSandboxAsync(CreateSandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Tier, "tier");
        if (options.BillingMethod is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(options.BillingMethod.Value.ToString(), "billingMethod");
        }

        if (options.PrepaidSats is { } sats)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sats, "prepaidSats");
        }

        if (options.InitialCreditsCents is { } cents)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cents, "initialCreditsCents");
        }

        using var activity = SocktDiagnostics.StartOperation("Sockt.ComputeClient.CreateSandbox");
        try
        {
            var request = new CreateSandboxRequest
            {
                Tier = options.Tier,
                BillingMethod = options.BillingMethod?.ToString(),
                PrepaidSats = options.PrepaidSats,
                InitialCreditsCents = options.InitialCreditsCents,
                Label = options.Label,
            };
            var body = await Core.CallAsync(Core.Settings.DefaultCredential, api => api.CreateSandboxAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
            var created = SandboxCreatedParser.Parse(body);
            activity?.SetTag(SocktDiagnostics.SandboxIdTag, created.Id);
            var sandbox = new Sandbox(Core, created.Id, created.SandboxToken);
            sandbox.ApplyCreated(created.Status, created.Tier ?? options.Tier, created.BillingMethod ?? options.BillingMethod, created.Invoice);
            Log.SandboxCreated(Core.Logger, created.Id, sandbox.Tier, sandbox.BillingMethod?.ToString(), created.WireStatus);
            return sandbox;
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    /// <summary>Opens an existing sandbox and loads its current status.</summary>
    /// <param name="sandboxId">The sandbox id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The sandbox, its state loaded.</returns>
    public virtual Task<Sandbox> GetSandboxAsync(string sandboxId, CancellationToken cancellationToken = default) =>
        GetSandboxAsync(sandboxId, sandboxToken: null, cancellationToken);

    /// <summary>
    /// Opens an existing Lightning sandbox with its own token (the <see cref="Sandbox.SandboxToken"/> saved from
    /// creation), so one client can serve many Lightning sandboxes; loads its current status.
    /// </summary>
    /// <param name="sandboxId">The sandbox id.</param>
    /// <param name="sandboxToken">The sandbox's <c>sbx_…</c> token; the client's credential when null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The sandbox, its state loaded.</returns>
    public virtual async Task<Sandbox> GetSandboxAsync(string sandboxId, string? sandboxToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sandboxId);
        if (sandboxToken is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(sandboxToken);
        }

        using var activity = SocktDiagnostics.StartOperation("Sockt.ComputeClient.GetSandbox", sandboxId);
        try
        {
            var sandbox = new Sandbox(Core, sandboxId, sandboxToken);
            await sandbox.FetchStatusAsync(cancellationToken).ConfigureAwait(false);
            return sandbox;
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }

    private static ComputeClientOptions PreferCallerBaseAddress(ComputeClientOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        return options.BaseUrl is null && httpClient.BaseAddress is { IsAbsoluteUri: true } address ? options.CopyWithBaseUrl(address) : options;
    }

    /// <summary>Describes the client with its credentials redacted.</summary>
    /// <returns>A description safe to log.</returns>
    public override string ToString() => _core is null ? "ComputeClient(mock)" : $"ComputeClient({_core.Settings})";

    /// <summary>Releases the HTTP resources the client owns (not a caller-supplied <see cref="HttpClient"/>).</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the HTTP resources the client owns.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Releases the resources; override to release those of a derived client.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _core?.Dispose();
        }
    }
}
