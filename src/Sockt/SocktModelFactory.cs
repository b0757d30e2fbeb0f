using Sockt.Models;
using Sockt.Serialization;

namespace Sockt;

/// <summary>
/// Builds every public SDK model for tests of code that uses the SDK (mock a <see cref="Sandbox"/> or
/// <see cref="ComputeClient"/> and return these): the models have no public constructors or setters.
/// </summary>
public static class SocktModelFactory
{
    /// <summary>Builds an execution result.</summary>
    /// <param name="executionId">Execution id.</param>
    /// <param name="status">State; <see cref="ExecutionState.Completed"/> when null.</param>
    /// <param name="output">Output chunks (none when null).</param>
    /// <param name="exitCode">Exit code.</param>
    /// <param name="error">Error message.</param>
    /// <param name="pendingInvoice">Invoice to pay.</param>
    /// <param name="outputTruncated">Whether output was dropped.</param>
    /// <returns>The result.</returns>
    public static ExecResult ExecResult(string? executionId = null, ExecutionState? status = null, IEnumerable<OutputChunk>? output = null, int? exitCode = 0, string? error = null, PendingInvoice? pendingInvoice = null, bool outputTruncated = false) =>
        new(executionId, status ?? ExecutionState.Completed, output?.ToArray() ?? [], exitCode, error, pendingInvoice, outputTruncated);

    /// <summary>Builds an execution handle that is not connected to a sandbox (its methods throw).</summary>
    /// <param name="executionId">Execution id.</param>
    /// <param name="status">State; <see cref="ExecutionState.Running"/> when null.</param>
    /// <param name="sandboxId">Sandbox id.</param>
    /// <param name="command">The command.</param>
    /// <returns>The execution.</returns>
    public static Execution Execution(string executionId, ExecutionState? status = null, string? sandboxId = null, string? command = null) =>
        new(sandbox: null, executionId, status ?? ExecutionState.Running, sandboxId, command);

    /// <summary>Builds an output chunk.</summary>
    /// <param name="chunk">The text.</param>
    /// <param name="stream">The stream; <see cref="OutputStream.Stdout"/> when null.</param>
    /// <returns>The chunk.</returns>
    public static OutputChunk OutputChunk(string chunk, OutputStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new() { WireChunk = chunk, WireStream = (stream ?? OutputStream.Stdout).ToString() };
    }

    /// <summary>Builds a pending invoice.</summary>
    /// <param name="bolt11">BOLT11 payment request.</param>
    /// <param name="paymentHash">Payment hash.</param>
    /// <param name="amountMsats">Amount in millisatoshis.</param>
    /// <param name="expiresAt">Expiry.</param>
    /// <returns>The invoice.</returns>
    public static PendingInvoice PendingInvoice(string bolt11, string? paymentHash = null, long? amountMsats = null, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(bolt11);
        return new() { WireBolt11 = bolt11, WirePaymentHash = paymentHash, WireAmountMsats = amountMsats, WireExpiresAt = WireValues.ToTimestamp(expiresAt) };
    }

    /// <summary>Builds a billing warning.</summary>
    /// <param name="warningLevel"><see cref="Sockt.WarningLevel.LowBalance"/> or <see cref="Sockt.WarningLevel.OutOfBalance"/>.</param>
    /// <param name="timeRemaining">Compute time left.</param>
    /// <param name="prepaidBalanceMsats">Remaining balance in millisatoshis.</param>
    /// <param name="status">Sandbox state.</param>
    /// <returns>The warning.</returns>
    public static BillingWarning BillingWarning(WarningLevel warningLevel, TimeSpan? timeRemaining = null, long? prepaidBalanceMsats = null, SandboxState? status = null) =>
        new(warningLevel, timeRemaining, prepaidBalanceMsats, status);

    /// <summary>Builds a sandbox status.</summary>
    /// <param name="sandboxId">Sandbox id.</param>
    /// <param name="status">State; <see cref="SandboxState.Running"/> when null.</param>
    /// <param name="tier">Tier.</param>
    /// <param name="billingMethod">Billing method.</param>
    /// <param name="warningLevel">Warning level.</param>
    /// <param name="timeRemaining">Compute time left (whole seconds on the wire).</param>
    /// <param name="prepaidBalanceMsats">Remaining balance in millisatoshis.</param>
    /// <param name="pendingInvoice">Invoice to pay.</param>
    /// <param name="nextPollInterval">Suggested pause until the next poll (whole seconds on the wire).</param>
    /// <param name="runtime">Runtime environment.</param>
    /// <param name="template">Base template.</param>
    /// <param name="consumedMsats">Total consumed millisatoshis.</param>
    /// <param name="msatsPerSecond">Billing rate in millisatoshis per second.</param>
    /// <param name="satsPerSecond">Billing rate in satoshis per second.</param>
    /// <param name="metricsStale">Whether the usage metrics are stale.</param>
    /// <param name="runtimeConsumedTotal">Total runtime consumed.</param>
    /// <param name="sandboxToken">Sandbox token.</param>
    /// <param name="rawJson">The raw body.</param>
    /// <returns>The status.</returns>
    public static SandboxStatus SandboxStatus(
        string sandboxId,
        SandboxState? status = null,
        string? tier = null,
        BillingMethod? billingMethod = null,
        WarningLevel? warningLevel = null,
        TimeSpan? timeRemaining = null,
        long? prepaidBalanceMsats = null,
        PendingInvoice? pendingInvoice = null,
        TimeSpan? nextPollInterval = null,
        string? runtime = null,
        string? template = null,
        long? consumedMsats = null,
        long? msatsPerSecond = null,
        double? satsPerSecond = null,
        bool? metricsStale = null,
        long? runtimeConsumedTotal = null,
        string? sandboxToken = null,
        string? rawJson = null)
    {
        ArgumentNullException.ThrowIfNull(sandboxId);
        return new()
        {
            WireSandboxId = sandboxId,
            WireStatus = (status ?? SandboxState.Running).ToString(),
            WireTier = tier,
            WireBillingMethod = billingMethod?.ToString(),
            WireWarningLevel = warningLevel?.ToString(),
            WireSecondsRemaining = WireValues.ToSeconds(timeRemaining),
            WirePrepaidBalanceMsats = prepaidBalanceMsats,
            WirePendingInvoice = pendingInvoice,
            WireNextPollSecs = WireValues.ToSeconds(nextPollInterval) is { } seconds ? checked((int)seconds) : null,
            WireRuntime = runtime,
            WireTemplate = template,
            WireConsumedMsats = consumedMsats,
            WireMsatsPerSecond = msatsPerSecond,
            WireSatsPerSecond = satsPerSecond,
            WireMetricsStale = metricsStale,
            WireRuntimeConsumedTotal = runtimeConsumedTotal,
            WireSandboxToken = sandboxToken,
            RawJson = rawJson,
        };
    }

    /// <summary>Builds a tier with its prices.</summary>
    /// <param name="name">Tier name, for example <c>nano</c>.</param>
    /// <param name="msatsPerSecond">Rate in millisatoshis per second.</param>
    /// <param name="satsPerSecond">Rate in satoshis per second.</param>
    /// <param name="usdCentsPerSecond">Rate in USD cents per second.</param>
    /// <param name="costPerMinuteSats">Cost per minute in satoshis.</param>
    /// <param name="costPerHourSats">Cost per hour in satoshis.</param>
    /// <param name="costPerDaySats">Cost per day in satoshis.</param>
    /// <param name="costPerHourUsd">Cost per hour in USD.</param>
    /// <returns>The tier.</returns>
    public static SandboxTier SandboxTier(string name, long msatsPerSecond = 0, double satsPerSecond = 0, double usdCentsPerSecond = 0, double costPerMinuteSats = 0, double costPerHourSats = 0, double costPerDaySats = 0, double costPerHourUsd = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new()
        {
            WireTier = name,
            WireMsatsPerSecond = msatsPerSecond,
            WireSatsPerSecond = satsPerSecond,
            WireUsdCentsPerSecond = usdCentsPerSecond,
            WireCostPerMinuteSats = costPerMinuteSats,
            WireCostPerHourSats = costPerHourSats,
            WireCostPerDaySats = costPerDaySats,
            WireCostPerHourUsd = costPerHourUsd,
        };
    }

    /// <summary>Builds a directory entry.</summary>
    /// <param name="name">File or directory name.</param>
    /// <param name="size">Size in bytes.</param>
    /// <param name="modifiedAt">Modification time (whole seconds on the wire).</param>
    /// <param name="isDir">Whether it is a directory.</param>
    /// <param name="isFile">Whether it is a regular file.</param>
    /// <returns>The entry.</returns>
    public static FileEntry FileEntry(string name, long? size = null, DateTimeOffset? modifiedAt = null, bool? isDir = false, bool? isFile = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new() { WireName = name, WireSize = size, WireModTs = WireValues.ToUnixSeconds(modifiedAt), WireIsDir = isDir, WireIsFile = isFile };
    }

    /// <summary>Builds a file read's content and metadata.</summary>
    /// <param name="content">The content, as text or base64.</param>
    /// <param name="path">Absolute path read.</param>
    /// <param name="size">File size in bytes.</param>
    /// <param name="encoding">Encoding of <paramref name="content"/>; <see cref="FileEncoding.Utf8"/> when null.</param>
    /// <param name="truncated">Whether a byte limit cut the content.</param>
    /// <returns>The file content.</returns>
    public static FileContent FileContent(string? content, string? path = null, long? size = null, FileEncoding? encoding = null, bool? truncated = false) =>
        new() { WireContent = content, WirePath = path, WireSizeBytes = size, WireEncoding = (encoding ?? FileEncoding.Utf8).ToString(), WireTruncated = truncated };

    /// <summary>Builds the answer to a file write.</summary>
    /// <param name="path">Absolute path written.</param>
    /// <param name="bytesWritten">Bytes written.</param>
    /// <param name="createdDirs">Whether parent directories were created.</param>
    /// <returns>The write result.</returns>
    public static FileWritten FileWritten(string? path, long? bytesWritten = null, bool? createdDirs = false) =>
        new() { WirePath = path, WireBytesWritten = bytesWritten, WireCreatedDirs = createdDirs };

    /// <summary>Builds a termination result.</summary>
    /// <param name="sandboxId">Sandbox id.</param>
    /// <param name="status">State; <see cref="SandboxState.Terminated"/> when null.</param>
    /// <param name="consumedMsatsTotal">Total consumed millisatoshis.</param>
    /// <param name="terminatedAt">Termination time.</param>
    /// <param name="refund">Where unused balance went.</param>
    /// <returns>The termination result.</returns>
    public static TerminationResult TerminationResult(string? sandboxId, SandboxState? status = null, long? consumedMsatsTotal = null, DateTimeOffset? terminatedAt = null, Refund? refund = null) =>
        new()
        {
            WireSandboxId = sandboxId,
            WireStatus = (status ?? SandboxState.Terminated).ToString(),
            WireConsumedMsatsTotal = consumedMsatsTotal,
            WireTerminatedAt = WireValues.ToTimestamp(terminatedAt),
            WireRefund = refund,
        };

    /// <summary>Builds a refund of unused balance.</summary>
    /// <param name="status"><c>sent</c> (Lightning), <c>credited</c> (credits) or another state.</param>
    /// <param name="amountSats">Refunded satoshis (Lightning).</param>
    /// <param name="amountCents">Refunded USD cents (credits).</param>
    /// <param name="address">Lightning address the refund went to.</param>
    /// <returns>The refund.</returns>
    public static Refund Refund(string? status, long? amountSats = null, long? amountCents = null, string? address = null) =>
        new() { WireStatus = status, WireAmountSats = amountSats, WireAmountCents = amountCents, WireAddress = address };

    /// <summary>Builds a sandbox that is not connected to a client (its I/O methods throw; mock them instead).</summary>
    /// <param name="id">Sandbox id.</param>
    /// <param name="status">State; <see cref="SandboxState.Running"/> when null.</param>
    /// <param name="tier">Tier.</param>
    /// <param name="billingMethod">Billing method.</param>
    /// <param name="pendingInvoice">Invoice to pay.</param>
    /// <returns>The sandbox.</returns>
    public static Sandbox Sandbox(string id, SandboxState? status = null, string? tier = null, BillingMethod? billingMethod = null, PendingInvoice? pendingInvoice = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var sandbox = new Sandbox(core: null, id, ownToken: null);
        sandbox.ApplyCreated(status ?? SandboxState.Running, tier, billingMethod, pendingInvoice);
        return sandbox;
    }
}
