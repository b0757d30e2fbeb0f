namespace Sockt.AI.Sdk;

/// <summary>
/// Every call the tools make through the Sockt SDK, in one place: the tools work with the plain records below, so a
/// change of the SDK's names or models touches this file only.
/// </summary>
internal sealed class SandboxGateway
{
    private readonly ComputeClient? client;
    private readonly SemaphoreSlim pricesGate = new(1, 1);
    private IReadOnlyDictionary<string, double>? centsPerSecond;

    public SandboxGateway(ComputeClient? client)
    {
        this.client = client;
    }

    /// <summary>Creates a credits sandbox of <paramref name="tier"/> and waits until it runs.</summary>
    public async Task<Sandbox> CreateRunningAsync(string tier, string label, CancellationToken cancellationToken)
    {
        var owner = client ?? throw new InvalidOperationException("This tool set is bound to one sandbox and creates none.");
        var sandbox = await owner.CreateSandboxAsync(new CreateSandboxOptions(tier) { BillingMethod = BillingMethod.Credits, Label = label }, cancellationToken).ConfigureAwait(false);
        try
        {
            await sandbox.WaitUntilRunningAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A sandbox that never came up must not stay billed: terminate it before reporting the failure.
            await TryTerminateAsync(sandbox, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return sandbox;
    }

    public async Task<SandboxSnapshot> StatusAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        var status = await sandbox.RefreshStatusAsync(cancellationToken).ConfigureAwait(false);
        return new SandboxSnapshot(
            State: status.Status?.ToString() ?? "unknown",
            Tier: status.Tier?.ToString() ?? sandbox.Tier?.ToString(),
            ConsumedMsats: status.ConsumedMsats ?? 0,
            MsatsPerSecond: status.MsatsPerSecond ?? 0,
            SecondsRemaining: status.TimeRemaining is { } left ? (long)left.TotalSeconds : null,
            WarningLevel: status.WarningLevel?.ToString());
    }

    public async Task<CommandOutcome> RunAsync(Sandbox sandbox, string command, string? workingDir, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var result = await sandbox.ExecAsync(command, new ExecOptions { WorkingDirectory = workingDir, Timeout = timeout }, cancellationToken).ConfigureAwait(false);
            return new CommandOutcome(result.Status?.ToString() ?? "unknown", result.ExitCode, result.Stdout, result.Stderr, result.Error);
        }
        catch (ExecutionTimeoutException)
        {
            // The service did not end the command in time either; the SDK stopped waiting and cancelled it.
            return new CommandOutcome("cancelled", null, string.Empty, string.Empty, "timed out: no answer within the timeout and its grace");
        }
    }

    public async Task<long> WriteAsync(Sandbox sandbox, string path, string content, CancellationToken cancellationToken)
    {
        var written = await sandbox.WriteFileAsync(path, content, cancellationToken: cancellationToken).ConfigureAwait(false);
        return written.BytesWritten ?? System.Text.Encoding.UTF8.GetByteCount(content);
    }

    public async Task<FileBytes> ReadAsync(Sandbox sandbox, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var file = await sandbox.ReadFileDetailedAsync(path, FileEncoding.Base64, maxBytes, cancellationToken).ConfigureAwait(false);
        var bytes = Convert.FromBase64String(file.Content ?? string.Empty);
        var size = file.Size ?? bytes.LongLength;
        return new FileBytes(bytes, Math.Max(size, bytes.LongLength), (file.Truncated ?? false) || size > bytes.LongLength);
    }

    public async Task<IReadOnlyList<FileListing>> ListAsync(Sandbox sandbox, string path, bool recursive, CancellationToken cancellationToken)
    {
        var entries = await sandbox.ListFilesAsync(path, recursive, cancellationToken: cancellationToken).ConfigureAwait(false);
        return entries.Select(e => new FileListing(e.Name, e.Size ?? 0, e.IsDir ?? false)).ToList();
    }

    public Task TerminateAsync(Sandbox sandbox, CancellationToken cancellationToken) => sandbox.TerminateAsync(cancellationToken: cancellationToken);

    /// <summary>Terminates, swallowing failures (for cleanup paths that must not hide the original error).</summary>
    public async Task<bool> TryTerminateAsync(Sandbox sandbox, CancellationToken cancellationToken)
    {
        try
        {
            await sandbox.TerminateAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocktException or HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>USD cents per second of each tier (read once from the public tier list).</summary>
    public async Task<IReadOnlyDictionary<string, double>> CentsPerSecondAsync(CancellationToken cancellationToken)
    {
        if (centsPerSecond is { } known)
        {
            return known;
        }

        var owner = client ?? throw new InvalidOperationException("A cents limit needs the client the sandbox came from.");
        await pricesGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (centsPerSecond is null)
            {
                var tiers = await owner.ListTiersAsync(cancellationToken).ConfigureAwait(false);
                centsPerSecond = tiers
                    .Where(t => !string.IsNullOrEmpty(t.Name))
                    .GroupBy(t => t.Name, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.First().UsdCentsPerSecond, StringComparer.Ordinal);
            }

            return centsPerSecond;
        }
        finally
        {
            pricesGate.Release();
        }
    }
}
