namespace Sockt.Http;

/// <summary>
/// Innermost SDK handler: every attempt of a request first takes a token from its credential's
/// <see cref="RequestBudget"/>, waiting (cancellably) when there is none. When a token is at hand it adds no async
/// frame to the call. The first attempt of a facade call has taken its token before the HttpClient was entered (see
/// <see cref="SocktCallContext.TakePrepaidToken"/>), so that wait is not part of HttpClient.Timeout; retries take theirs here.
/// </summary>
internal sealed class RequestBudgetHandler : DelegatingHandler
{
    private readonly RequestBudgets _budgets;

    internal RequestBudgetHandler(RequestBudgets budgets)
    {
        _budgets = budgets;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = SocktCallContext.Current;
        if (context?.TakePrepaidToken() == true)
        {
            return base.SendAsync(request, cancellationToken);
        }

        var token = _budgets.AcquireAsync(context?.Credential, cancellationToken);
        return token.IsCompletedSuccessfully ? base.SendAsync(request, cancellationToken) : SendWhenAcquiredAsync(token, request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendWhenAcquiredAsync(ValueTask token, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await token.ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
