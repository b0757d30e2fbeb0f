using Microsoft.Extensions.Logging;
using Sockt.Diagnostics;

namespace Sockt;

/// <summary>Interactive shell access.</summary>
public partial class Sandbox
{
    /// <summary>
    /// Creates an interactive shell session (WebSocket) for this sandbox; nothing is sent until
    /// <see cref="ShellSession.ConnectAsync"/>. The session authenticates like the sandbox's other calls (its sandbox
    /// token if it has one, else the API key) and needs the sandbox to be <c>running</c>.
    /// </summary>
    /// <param name="options">Session settings (terminal size, buffering); the defaults when null.</param>
    /// <returns>The unconnected session; dispose it when done.</returns>
    /// <exception cref="InvalidOperationException">The client has no credential (a shell always needs one).</exception>
    public virtual ShellSession Shell(ShellSessionOptions? options = null)
    {
        var credential = Credential;
        if (string.IsNullOrEmpty(credential.Bearer))
        {
            throw new InvalidOperationException("A shell needs a credential: give the client an API key or a sandbox token.");
        }

        return new ShellSession(
            Id,
            ResolveShellUrlAsync,
            credential.Bearer,
            async ct => (await FetchStatusAsync(ct).ConfigureAwait(false)).Status ?? "unknown",
            options,
            Core.Settings.LoggerFactory.CreateLogger("Sockt.Shell"));
    }

    /// <summary>Asks the service for the shell's WebSocket URL (relative URLs resolve against the API base address).</summary>
    private async Task<Uri> ResolveShellUrlAsync(CancellationToken cancellationToken)
    {
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.GetShellUrl", Id);
        try
        {
            var answer = await Core.CallAsync(Credential, api => api.GetShellUrlAsync(Id, cancellationToken)).ConfigureAwait(false);
            if (string.IsNullOrWhiteSpace(answer?.Url))
            {
                throw new ApiException($"Sockt API GET /v1/sandboxes/{Id}/shell-url answered without a url.", 200);
            }

            if (Uri.TryCreate(answer.Url, UriKind.Absolute, out var absolute))
            {
                return absolute;
            }

            var baseUrl = Core.Settings.BaseUrl;
            var relative = new Uri(new Uri(baseUrl.ToString().TrimEnd('/') + "/"), answer.Url.TrimStart('/'));
            var builder = new UriBuilder(relative) { Scheme = baseUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Port = relative.Port };
            return builder.Uri;
        }
        catch (Exception exception)
        {
            SocktDiagnostics.RecordFailure(activity, exception);
            throw;
        }
    }
}
