using System.CommandLine;

namespace Sockt.Cli.Infrastructure;

/// <summary>What a running command needs: its parse result, the credential, one SDK client, the console.</summary>
internal sealed class CliContext(ParseResult parseResult) : IAsyncDisposable
{
    private ComputeClient? client;

    /// <summary>The parsed command line.</summary>
    public ParseResult ParseResult { get; } = parseResult;

    /// <summary>True when <c>--json</c> was given: one JSON document on stdout, nothing else there.</summary>
    public bool Json => ParseResult.GetValue(GlobalOptions.Json);

    /// <summary>The credential the client sends.</summary>
    public CliCredential Credential { get; } = CliCredential.Resolve(parseResult.GetValue(GlobalOptions.Token));

    /// <summary>The SDK client (created on first use; <c>SOCKT_API_URL</c> chooses the service).</summary>
    public ComputeClient Client => client ??= new ComputeClient(Credential.ToClientOptions());

    /// <summary>Data: what scripts capture.</summary>
    public TextWriter Out => Console.Out;

    /// <summary>Messages, invoices, progress: what people read.</summary>
    public TextWriter Error => Console.Error;

    /// <summary>True when stderr is a terminal (spinners, progress bars and QR codes go there only then).</summary>
    public bool IsErrorTerminal => !Console.IsErrorRedirected;

    /// <summary>Fetches a sandbox and refuses it unless it is running, with the official CLI's messages.</summary>
    public async Task<Sandbox> GetRunningSandboxAsync(string sandboxId, CancellationToken cancellationToken)
    {
        var sandbox = await Client.GetSandboxAsync(sandboxId, cancellationToken);
        SandboxGuard.RequireOperational(sandboxId, sandbox.Status?.ToString());
        return sandbox;
    }

    /// <summary>Disposes the client, if one was created.</summary>
    public ValueTask DisposeAsync() => client?.DisposeAsync() ?? ValueTask.CompletedTask;
}
