using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Sockt.Api;
using Sockt.Http;
using Sockt.Serialization;

namespace Sockt.Internal;

/// <summary>
/// What a <see cref="ComputeClient"/> and its <see cref="Sandbox"/>es share: the generated API client, the resolved
/// settings and the logger. <see cref="CallAsync{T}"/> is the one place where a generated call is made, so the credential
/// hand-off, the capture of raw bodies and the wrapping of Refit/JSON/network failures happen once: whatever goes
/// wrong surfaces as a <see cref="SocktException"/> (the cause kept as its inner exception), and an
/// <see cref="OperationCanceledException"/> only when the caller's own token was cancelled.
/// </summary>
internal sealed class ClientCore : IDisposable
{
    /// <summary>The generated client's serializer, for the calls made without Refit (its settings, its quirks).</summary>
    private static readonly NewtonsoftContentSerializer Json = new();

    private readonly Func<ISocktApi> _api;
    private readonly Func<HttpClient> _http;
    private readonly Func<HttpClient> _untimedHttp;
    private readonly IReadOnlyList<IDisposable> _ownedResources;

    /// <summary>Cancelled on dispose: ends waits for a request-budget token, which happen outside any HttpClient.</summary>
    private readonly CancellationTokenSource _lifetime = new();
    private int _disposed;

    /// <param name="settings">The resolved settings.</param>
    /// <param name="budgets">The request budgets the HTTP pipeline under <paramref name="api"/> draws from (polling paces itself by them).</param>
    /// <param name="api">The generated client.</param>
    /// <param name="http">The HttpClient under <paramref name="api"/> (same handlers), for calls that stream their body.</param>
    /// <param name="ownedResources">What disposing the core disposes (a hand-built client's HttpClient and budgets; nothing under DI, whose container owns them).</param>
    /// <param name="untimedHttp">
    /// The same pipeline as <paramref name="http"/> without HttpClient.Timeout, for uploads that time their own
    /// inactivity (see <see cref="SendUntimedAsync{T}"/>); <paramref name="http"/> when null.
    /// </param>
    internal ClientCore(ClientSettings settings, RequestBudgets budgets, Func<ISocktApi> api, Func<HttpClient> http, IReadOnlyList<IDisposable> ownedResources, Func<HttpClient>? untimedHttp = null)
    {
        Settings = settings;
        Budgets = budgets;
        _api = api;
        _http = http;
        _untimedHttp = untimedHttp ?? http;
        _ownedResources = ownedResources;
        Logger = settings.LoggerFactory.CreateLogger("Sockt");
    }

    internal ClientSettings Settings { get; }

    internal ILogger Logger { get; }

    /// <summary>The per-credential request budgets (owned by the client's creator: the client, or the DI container).</summary>
    internal RequestBudgets Budgets { get; }

    internal TimeProvider Time => Settings.TimeProvider;

    /// <summary>Makes one generated call with <paramref name="credential"/> as Bearer.</summary>
    /// <param name="credential">The Bearer to send.</param>
    /// <param name="call">The generated call, passed the same token as <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">The caller's token: only its cancellation escapes as an <see cref="OperationCanceledException"/>.</param>
    /// <param name="budgetWaitLimit">How long the call may wait for a request-budget token (on <see cref="Time"/>); null: until the token is cancelled.</param>
    /// <exception cref="BudgetWaitExpiredException">No token came within <paramref name="budgetWaitLimit"/>; nothing was sent.</exception>
    internal async Task<T> CallAsync<T>(SocktCredential credential, Func<ISocktApi, Task<T>> call, CancellationToken cancellationToken, TimeSpan? budgetWaitLimit = null)
    {
        var (value, _) = await RunAsync(credential, captureBody: false, (Core: this, Call: call), static state => state.Call(state.Core._api()), cancellationToken, budgetWaitLimit).ConfigureAwait(false);
        return value;
    }

    /// <summary>
    /// Sends a request through the SDK's HttpClient (same handlers: auth, retries, error mapping, logging) for an answer
    /// read as a stream; failures surface as <see cref="CallAsync{T}"/>'s do.
    /// </summary>
    internal async Task<T> SendAsync<T>(SocktCredential credential, Func<HttpClient, Task<T>> send, CancellationToken cancellationToken)
    {
        var (value, _) = await RunAsync(credential, captureBody: false, (Core: this, Send: send), static state => state.Send(state.Core._http()), cancellationToken).ConfigureAwait(false);
        return value;
    }

    /// <summary>
    /// As <see cref="SendAsync{T}"/>, through an HttpClient whose Timeout is infinite: HttpClient.Timeout bounds a whole
    /// request, so a large upload would fail while its bytes still flow. The caller bounds inactivity itself (see
    /// <see cref="Files.IdleTimeout"/>) and cancels the token it passes to the HttpClient.
    /// </summary>
    internal async Task<T> SendUntimedAsync<T>(SocktCredential credential, Func<HttpClient, Task<T>> send, CancellationToken cancellationToken)
    {
        var (value, _) = await RunAsync(credential, captureBody: false, (Core: this, Send: send), static state => state.Send(state.Core._untimedHttp()), cancellationToken).ConfigureAwait(false);
        return value;
    }

    /// <summary>
    /// GETs a small JSON answer at <paramref name="route"/> (from the generated <c>SocktApiRoutes</c>) through the SDK's
    /// HttpClient, with the same handlers and failures as <see cref="CallAsync{T}"/>, and reads it into the generated
    /// DTO with the generated client's serializer. For the hottest calls (status, execution polls): Refit's per-call
    /// request building (argument array, request options, three async frames) was a quarter of a status call's
    /// allocations. Returns the raw body too: it is read once, as a string, either way.
    /// </summary>
    /// <exception cref="BudgetWaitExpiredException">No request-budget token came within <paramref name="budgetWaitLimit"/> (see <see cref="CallAsync{T}"/>); nothing was sent.</exception>
    internal Task<(T? Value, string? RawBody)> GetJsonAsync<T>(SocktCredential credential, string route, CancellationToken cancellationToken, TimeSpan? budgetWaitLimit = null) =>
        RunAsync(credential, captureBody: true, (Core: this, Route: route, Token: cancellationToken), static async state =>
        {
            var http = state.Core._http();
            var baseAddress = http.BaseAddress ?? throw new InvalidOperationException("The Sockt HttpClient has no base address.");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseAddress, baseAddress.AbsolutePath.TrimEnd('/') + state.Route));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, state.Token).ConfigureAwait(false);

            // ErrorResponseHandler has thrown for anything but a success, and kept the body of this one.
            var context = SocktCallContext.Current;
            var body = context?.LastResponseBody ?? string.Empty;
            try
            {
                return Json.DeserializeFromString<T>(body);
            }
            catch (Newtonsoft.Json.JsonException exception)
            {
                // As the Refit path reports it (WrapRefitFailure): the status, the path, the cause, scrubbed.
                var secrets = context?.Secrets ?? [];
                var status = (int)response.StatusCode;
                throw new ApiException(
                    $"Sockt API GET {request.RequestUri?.AbsolutePath ?? "?"} answered {status} with a body the SDK could not read: {Secrets.Scrub(exception.Message, secrets)}",
                    status,
                    slug: null,
                    hint: null,
                    rawBody: Secrets.ScrubAndTruncate(body, SocktErrorMapper.MaxRawBodyLength, secrets));
            }
        }, cancellationToken, budgetWaitLimit);

    private async Task<(T Value, string? RawBody)> RunAsync<TState, T>(SocktCredential credential, bool captureBody, TState state, Func<TState, Task<T>> call, CancellationToken cancellationToken, TimeSpan? budgetWaitLimit = null)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, typeof(ComputeClient));
        var context = new SocktCallContext(credential, Settings.ApiKey, Settings.SandboxToken)
        {
            CaptureResponseBody = captureBody,
        };

        // The first attempt's budget token is taken here, before the HttpClient: a wait for it is not part of
        // ComputeClientOptions.Timeout (hundreds of executions on one credential queue for minutes), only the caller's
        // token ends it (or the caller's own limit, such as an execution's deadline). Retries take theirs in RequestBudgetHandler.
        if (!Budgets.TryAcquireNow(credential.Bearer))
        {
            await WaitForBudgetAsync(credential.Bearer, budgetWaitLimit, cancellationToken).ConfigureAwait(false);
        }

        context.MarkTokenPrepaid();

        // Set inside this async method: the value flows into the HTTP handlers and is undone when the method returns.
        SocktCallContext.Current = context;
        try
        {
            var value = await call(state).ConfigureAwait(false);
            return (value, context.LastResponseBody);
        }
        catch (Exception exception) when (IsRefitWrapper(exception) && FindInner<SocktException>(exception) is { } sockt)
        {
            // Refit wraps what the HTTP handlers throw (ApiRequestException); callers get the SDK's own exception.
            ExceptionDispatchInfo.Capture(sockt).Throw();
            throw;
        }
        catch (Exception exception) when (FindInner<OperationCanceledException>(exception) is { } cancelled && (exception is OperationCanceledException || IsRefitWrapper(exception)))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Capture(cancelled).Throw();
            }

            // Not the caller's cancellation: HttpClient.Timeout (a TimeoutException inside) or a handler that gave up.
            throw FindInner<TimeoutException>(cancelled) is { } timeout
                ? new SocktException($"The Sockt API at {Settings.BaseUrl} did not answer within the {Settings.Timeout.TotalSeconds:0.###} s request timeout (ComputeClientOptions.Timeout).", timeout)
                : new SocktException($"The Sockt API call to {Settings.BaseUrl} was cancelled although the caller did not cancel it: {Secrets.Scrub(cancelled.Message, context.Secrets)}", cancelled);
        }
        catch (Exception exception) when (exception is HttpRequestException || (IsRefitWrapper(exception) && FindInner<HttpRequestException>(exception) is not null))
        {
            var http = FindInner<HttpRequestException>(exception)!;
            throw new SocktException($"Could not reach the Sockt API at {Settings.BaseUrl}: {Secrets.Scrub(http.Message, context.Secrets)}", http);
        }
        catch (Refit.ApiException exception)
        {
            throw WrapRefitFailure(exception, context.Secrets);
        }
        catch (Newtonsoft.Json.JsonException exception)
        {
            throw new ApiException($"The Sockt API answered with a body the SDK could not read: {Secrets.Scrub(exception.Message, context.Secrets)}", statusCode: null);
        }
        catch (Exception exception) when (IsRefitWrapper(exception))
        {
            // Any other Refit failure: keep the cause (not Refit's type, whose request URI may carry a token).
            var cause = exception.InnerException;
            throw new SocktException($"The Sockt API call failed: {Secrets.Scrub(cause?.Message ?? exception.Message, context.Secrets)}", IsRefitWrapper(cause ?? exception) ? null : cause);
        }
    }

    /// <summary>
    /// Waits for a request-budget token of <paramref name="credential"/>; a cancelled wait says that it was waiting for
    /// the budget. With a <paramref name="limit"/>, a wait still going on after it (on <see cref="Time"/>) ends in a
    /// <see cref="BudgetWaitExpiredException"/>; its timer is only made when there is a wait.
    /// </summary>
    private async Task WaitForBudgetAsync(string? credential, TimeSpan? limit, CancellationToken cancellationToken)
    {
        if (limit <= TimeSpan.Zero)
        {
            throw new BudgetWaitExpiredException(limit.Value);
        }

        using var expiry = limit is { } due ? new CancellationTokenSource(due, Time) : null;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token, expiry?.Token ?? CancellationToken.None);
        try
        {
            await Budgets.AcquireAsync(credential, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(
                $"The call was cancelled while it waited for its credential's request budget (RequestBudgetOptions: {Settings.BudgetRequestsPerMinute} requests a minute, bursts of {Settings.BudgetBurst}; {Budgets.Waiting(credential)} other requests were waiting). Raise RequestBudgetOptions.RequestsPerMinute only if the service allows more.",
                exception,
                cancellationToken);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(ComputeClient), "The client was disposed while a call waited for its request budget (RequestBudgetOptions).");
        }
        catch (OperationCanceledException) when (expiry?.IsCancellationRequested == true)
        {
            throw new BudgetWaitExpiredException(limit!.Value);
        }
    }

    /// <summary>Whether an exception is one of Refit's (never shown to callers).</summary>
    private static bool IsRefitWrapper(Exception exception) => exception.GetType().Namespace == "Refit";

    /// <summary>The exception itself or the nearest inner exception of type <typeparamref name="T"/>.</summary>
    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _lifetime.Cancel();
            _lifetime.Dispose();
            foreach (var resource in _ownedResources)
            {
                resource.Dispose();
            }
        }
    }

    /// <summary>
    /// Refit raises its own ApiException for unreadable success bodies (and for error statuses if a response ever
    /// bypassed <see cref="ErrorResponseHandler"/>). Neither Refit's type nor its request URI (which may hold
    /// <c>?sandbox_token=</c>) may reach the caller, so only scrubbed text is kept.
    /// </summary>
    private static SocktException WrapRefitFailure(Refit.ApiException exception, string?[] secrets)
    {
        var status = (int)exception.StatusCode;
        var path = exception.Uri?.AbsolutePath ?? "?";
        var method = exception.HttpMethod?.Method ?? "?";
        if (exception.IsSuccessStatusCode() || exception.InnerException is not null)
        {
            var cause = exception.InnerException?.Message ?? exception.Message;
            return new ApiException(
                $"Sockt API {method} {path} answered {status} with a body the SDK could not read: {Secrets.Scrub(cause, secrets)}",
                status,
                slug: null,
                hint: null,
                rawBody: exception.Content is null ? null : Secrets.ScrubAndTruncate(exception.Content, SocktErrorMapper.MaxRawBodyLength, secrets));
        }

        return SocktErrorMapper.Create(status, exception.Content, null, method, path, secrets);
    }
}

/// <summary>Small helpers over Refit's exception.</summary>
internal static class RefitExceptionExtensions
{
    internal static bool IsSuccessStatusCode(this Refit.ApiException exception) => (int)exception.StatusCode is >= 200 and < 300;
}
