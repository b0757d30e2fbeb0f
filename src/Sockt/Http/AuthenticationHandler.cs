using System.Net.Http.Headers;
using Sockt.Internal;

namespace Sockt.Http;

/// <summary>
/// Sets <c>Authorization: Bearer</c> to the current call's credential: the sandbox token when there is one, else the
/// API key, never both (as the CLI does). Calls without a credential (tiers, anonymous Lightning create) go bare.
/// </summary>
internal sealed class AuthenticationHandler : DelegatingHandler
{
    // The service documents no User-Agent; this one names the SDK and its package version for the service's logs.
    private static readonly ProductInfoHeaderValue UserAgent = new("sockt-dotnet", SdkVersion.Current);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var credential = SocktCallContext.Current?.Credential;
        request.Headers.Authorization = string.IsNullOrEmpty(credential) ? null : new AuthenticationHeaderValue("Bearer", credential);
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.Add(UserAgent);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
