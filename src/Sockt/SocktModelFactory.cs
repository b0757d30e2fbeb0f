using Sockt.Models;

namespace Sockt;

/// <summary>
/// Builds SDK models for tests of code that uses the SDK (mock a <see cref="Sandbox"/> or <see cref="ComputeClient"/>
/// and return these). The generated models also have public setters; this factory covers the facade types.
/// </summary>
public static class SocktModelFactory
{
    /// <summary>Builds an execution result.</summary>
    /// <param name="executionId">Execution id.</param>
    /// <param name="status">State, for example <see cref="ExecutionStates.Completed"/>.</param>
    /// <param name="output">Output chunks (none when null).</param>
    /// <param name="exitCode">Exit code.</param>
    /// <param name="error">Error message.</param>
    /// <param name="pendingInvoice">Invoice to pay.</param>
    /// <returns>The result.</returns>
    public static ExecResult ExecResult(string? executionId = null, string? status = ExecutionStates.Completed, IEnumerable<OutputChunk>? output = null, int? exitCode = 0, string? error = null, PendingInvoice? pendingInvoice = null) =>
        new(executionId, status, output?.ToArray() ?? [], exitCode, error, pendingInvoice);

    /// <summary>Builds an execution handle that is not connected to a sandbox (its methods throw).</summary>
    /// <param name="executionId">Execution id.</param>
    /// <param name="status">State.</param>
    /// <param name="sandboxId">Sandbox id.</param>
    /// <param name="command">The command.</param>
    /// <returns>The execution.</returns>
    public static Execution Execution(string executionId, string? status = ExecutionStates.Running, string? sandboxId = null, string? command = null) =>
        new(sandbox: null, executionId, status, sandboxId, command);

    /// <summary>Builds an output chunk.</summary>
    /// <param name="chunk">The text.</param>
    /// <param name="stream"><see cref="OutputStreams.Stdout"/> (default) or <see cref="OutputStreams.Stderr"/>.</param>
    /// <returns>The chunk.</returns>
    public static OutputChunk OutputChunk(string chunk, string stream = OutputStreams.Stdout) => new() { Chunk = chunk, Stream = stream };

    /// <summary>Builds a pending invoice.</summary>
    /// <param name="bolt11">BOLT11 payment request.</param>
    /// <param name="paymentHash">Payment hash.</param>
    /// <param name="amountMsats">Amount in millisatoshis.</param>
    /// <param name="expiresAt">Expiry (ISO 8601).</param>
    /// <returns>The invoice.</returns>
    public static PendingInvoice PendingInvoice(string bolt11, string? paymentHash = null, long? amountMsats = null, string? expiresAt = null) =>
        new() { Bolt11 = bolt11, PaymentHash = paymentHash, AmountMsats = amountMsats, ExpiresAt = expiresAt };

    /// <summary>Builds a billing warning.</summary>
    /// <param name="warningLevel"><c>low_balance</c> or <c>out_of_balance</c>.</param>
    /// <param name="secondsRemaining">Seconds of compute left.</param>
    /// <param name="prepaidBalanceMsats">Remaining balance in millisatoshis.</param>
    /// <param name="status">Sandbox state.</param>
    /// <returns>The warning.</returns>
    public static BillingWarning BillingWarning(string warningLevel, long? secondsRemaining = null, long? prepaidBalanceMsats = null, string? status = null) =>
        new(warningLevel, secondsRemaining, prepaidBalanceMsats, status);

    /// <summary>Builds a sandbox status.</summary>
    /// <param name="sandboxId">Sandbox id.</param>
    /// <param name="status">State, for example <see cref="SandboxStates.Running"/>.</param>
    /// <param name="tier">Tier.</param>
    /// <param name="billingMethod">Billing method.</param>
    /// <param name="warningLevel">Warning level.</param>
    /// <param name="secondsRemaining">Seconds of compute left.</param>
    /// <param name="prepaidBalanceMsats">Remaining balance in millisatoshis.</param>
    /// <param name="pendingInvoice">Invoice to pay.</param>
    /// <param name="nextPollSecs">Suggested seconds until the next poll.</param>
    /// <param name="rawJson">The raw body.</param>
    /// <returns>The status.</returns>
    public static SandboxStatus SandboxStatus(string sandboxId, string? status = SandboxStates.Running, string? tier = null, string? billingMethod = null, string? warningLevel = null, long? secondsRemaining = null, long? prepaidBalanceMsats = null, PendingInvoice? pendingInvoice = null, int? nextPollSecs = null, string? rawJson = null) =>
        new()
        {
            SandboxId = sandboxId,
            Status = status,
            Tier = tier,
            BillingMethod = billingMethod,
            WarningLevel = warningLevel,
            SecondsRemaining = secondsRemaining,
            PrepaidBalanceMsats = prepaidBalanceMsats,
            PendingInvoice = pendingInvoice,
            NextPollSecs = nextPollSecs,
            RawJson = rawJson,
        };

    /// <summary>Builds a sandbox that is not connected to a client (its I/O methods throw; mock them instead).</summary>
    /// <param name="id">Sandbox id.</param>
    /// <param name="status">State.</param>
    /// <param name="tier">Tier.</param>
    /// <param name="billingMethod">Billing method.</param>
    /// <param name="pendingInvoice">Invoice to pay.</param>
    /// <returns>The sandbox.</returns>
    public static Sandbox Sandbox(string id, string? status = SandboxStates.Running, string? tier = null, string? billingMethod = null, PendingInvoice? pendingInvoice = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var sandbox = new Sandbox(core: null, id, ownToken: null);
        sandbox.ApplyCreated(status, tier, billingMethod, pendingInvoice);
        return sandbox;
    }
}
