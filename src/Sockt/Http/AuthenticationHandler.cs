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
    // Added as text: the header collection would otherwise be built on every request just to ask whether it is empty.
    private static readonly string UserAgent = new ProductInfoHeaderValue("sockt-dotnet", SdkVersion.Current).ToString();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = SocktCallContext.Current?.Authorization;
        if (!request.Headers.Contains("User-Agent"))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
