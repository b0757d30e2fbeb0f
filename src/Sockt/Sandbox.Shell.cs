using Microsoft.Extensions.Logging;
using Sockt.Diagnostics;

namespace Sockt;

/// <summary>Interactive shell access.</summary>
public partial class Sandbox
{
    /// <summary>
    /// Opens an interactive shell (<c>bash</c> in a pseudo-terminal, over a WebSocket) in this sandbox and returns the
    /// connected session: checks that the sandbox is <c>running</c>, fetches its shell URL, opens the WebSocket with the
    /// sandbox's credential (its sandbox token if it has one, else the API key) and sends the initial terminal size.
    /// </summary>
    /// <param name="options">Session settings (terminal size, buffering, timeouts); the defaults when null.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>The connected session; dispose it when done (<c>await using</c>).</returns>
    /// <exception cref="InvalidOperationException">The client has no credential (a shell always needs one).</exception>
    /// <exception cref="SandboxNotRunningException">The sandbox is not running (the shell needs a running sandbox).</exception>
    /// <exception cref="AuthenticationException">The credential was refused (HTTP 401 or 403).</exception>
    /// <exception cref="TimeoutException">The WebSocket did not open within <see cref="ShellSessionOptions.ConnectTimeout"/>.</exception>
    /// <exception cref="SocktException">The shell URL was unusable or the WebSocket could not be opened.</exception>
    public virtual Task<ShellSession> ConnectShellAsync(ShellSessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        var credential = Credential;
        if (string.IsNullOrEmpty(credential.Bearer))
        {
            throw new InvalidOperationException("A shell needs a credential: give the client an API key or a sandbox token.");
        }

        var session = new ShellSession(
            Id,
            ResolveShellUrlAsync,
            credential.Bearer,
            async ct => (await FetchStatusAsync(ct).ConfigureAwait(false)).Status?.ToString() ?? "unknown",
            options,
            Core.Settings.LoggerFactory.CreateLogger("Sockt.Shell"));
        return session.OpenAsync(cancellationToken);
    }

    /// <summary>Asks the service for the shell's WebSocket URL (relative URLs resolve against the API base address).</summary>
    private async Task<Uri> ResolveShellUrlAsync(CancellationToken cancellationToken)
    {
        using var activity = SocktDiagnostics.StartOperation("Sockt.Sandbox.GetShellUrl", Id);
        try
        {
            var answer = await Core.CallAsync(Credential, api => api.GetShellUrlAsync(Id, cancellationToken), cancellationToken).ConfigureAwait(false);
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
