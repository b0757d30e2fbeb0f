using Microsoft.Extensions.DependencyInjection;
using Sockt.Internal;
using Sockt.Testing;
using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>
/// Timeouts and transport failures surface as SocktExceptions (cause kept), never as a TaskCanceledException the caller
/// did not ask for; redirects are not followed, and the credential never reaches another host.
/// </summary>
public class TransportFailureTests
{
    private const string StatusPath = "/v1/sandboxes/sb_1";

    [Test]
    public async Task An_http_timeout_is_a_sockt_exception_with_the_timeout_inside()
    {
        using var client = new ComputeClient(
            ClientSettings.Resolve(new ComputeClientOptions { ApiKey = TestClient.ApiKey, BaseUrl = TestClient.BaseUrl, Timeout = TimeSpan.FromMilliseconds(200) }, _ => null),
            new NeverAnswers());

        var exception = await Assert.ThrowsAsync<SocktException>(() => client.GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            Assert.That(exception, Is.TypeOf<SocktException>());
            Assert.That(exception!.InnerException, Is.InstanceOf<TimeoutException>());
            Assert.That(exception.Message, Does.Contain("did not answer within the 0.2 s request timeout"));
            Assert.That(exception.StatusCode, Is.Null);
        });
    }

    [Test]
    public async Task A_streamed_file_read_whose_body_stalls_is_a_sockt_exception_with_the_timeout_inside()
    {
        // HttpClient.Timeout ends at the headers of a streamed answer: the read itself must bound each wait for bytes.
        using var test = new TestClient(o => o.Timeout = TimeSpan.FromMilliseconds(300));
        test.Stub.On("POST", "/v1/sandboxes/sb_1/files/read", _ => new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StreamContent(StallingStream(System.Text.Encoding.UTF8.GetBytes("{\"path\":\"/home/sandbox/a\",\"size_bytes\":4,\"encoding\":\"base64\",\"content\":\"AAEC"))),
        });
        var sandbox = test.Sandbox();
        using var destination = new MemoryStream();

        var exception = await Assert.ThrowsAsync<SocktException>(() => sandbox.ReadFileToStreamAsync("a", destination));

        Assert.Multiple(() =>
        {
            Assert.That(exception, Is.TypeOf<SocktException>());
            Assert.That(exception!.InnerException, Is.InstanceOf<TimeoutException>());
            Assert.That(exception.Message, Does.Contain("request timeout"));
        });
    }

    [Test]
    public async Task A_timeout_of_the_callers_own_http_client_is_a_sockt_exception_too()
    {
        using var inner = new HttpClient(new NeverAnswers()) { Timeout = TimeSpan.FromMilliseconds(200) };
        using var client = new ComputeClient(new ComputeClientOptions { ApiKey = TestClient.ApiKey, BaseUrl = TestClient.BaseUrl }, inner);

        var exception = await Assert.ThrowsAsync<SocktException>(() => client.ListTiersAsync());

        Assert.That(exception!.InnerException, Is.InstanceOf<TimeoutException>());
    }

    [Test]
    public async Task Only_the_callers_cancellation_is_an_operation_canceled_exception()
    {
        using var client = new ComputeClient(ClientSettings.Resolve(new ComputeClientOptions { BaseUrl = TestClient.BaseUrl }, _ => null), new NeverAnswers());
        using var cancel = new CancellationTokenSource();
        var call = client.ListTiersAsync(cancel.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task A_handler_giving_up_on_its_own_is_a_sockt_exception()
    {
        using var test = new TestClient();
        test.Stub.On("GET", StatusPath, _ => throw new TaskCanceledException("a proxy handler gave up"));

        var exception = await Assert.ThrowsAsync<SocktException>(() => test.Sandbox().RefreshStatusAsync());

        Assert.That(exception!.InnerException, Is.InstanceOf<TaskCanceledException>());
    }

    [Test]
    public async Task A_redirect_is_not_followed_and_is_an_api_exception()
    {
        await using var elsewhere = new LoopbackHttpServer(_ => LoopbackHttpServer.Reply(200, Json.Status("running")));
        await using var api = new LoopbackHttpServer(_ => LoopbackHttpServer.Reply(302, extraHeaders: $"Location: {elsewhere.BaseUrl}v1/sandboxes/sb_1\r\n"));
        using var client = new ComputeClient(apiKey: TestClient.ApiKey, baseUrl: api.BaseUrl);

        var exception = await Assert.ThrowsAsync<ApiException>(() => client.GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.StatusCode, Is.EqualTo(302));
            Assert.That(exception.Message, Does.Contain("never redirects"));
            Assert.That(api.Requests, Has.Count.EqualTo(1));
            Assert.That(elsewhere.Requests, Is.Empty, "nothing, and so no credential, went to the other host");
        });
    }

    [Test]
    public async Task AddSockt_does_not_follow_redirects_either()
    {
        await using var elsewhere = new LoopbackHttpServer(_ => LoopbackHttpServer.Reply(200, Json.Status("running")));
        await using var api = new LoopbackHttpServer(_ => LoopbackHttpServer.Reply(307, extraHeaders: $"Location: {elsewhere.BaseUrl}v1/sandboxes/sb_1\r\n"));
        var services = new ServiceCollection();
        services.AddSockt(o =>
        {
            o.ApiKey = TestClient.ApiKey;
            o.BaseUrl = api.BaseUrl;
        });
        await using var provider = services.BuildServiceProvider();

        var exception = await Assert.ThrowsAsync<ApiException>(() => provider.GetRequiredService<ComputeClient>().GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.StatusCode, Is.EqualTo(307));
            Assert.That(elsewhere.Requests, Is.Empty);
        });
    }

    [Test]
    public async Task A_redirect_followed_by_the_callers_http_client_is_discarded_and_carries_no_credential()
    {
        await using var elsewhere = new LoopbackHttpServer(_ => LoopbackHttpServer.Reply(200, Json.Status("running")));
        await using var api = new LoopbackHttpServer(_ => LoopbackHttpServer.Reply(302, extraHeaders: $"Location: {elsewhere.BaseUrl}v1/sandboxes/sb_1\r\n"));
        using var following = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        using var client = new ComputeClient(new ComputeClientOptions { ApiKey = TestClient.ApiKey, BaseUrl = api.BaseUrl }, following);

        var exception = await Assert.ThrowsAsync<ApiException>(() => client.GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.Message, Does.Contain("redirected to another address"));
            Assert.That(elsewhere.Requests, Has.Count.EqualTo(1), "the caller's handler followed it");
            Assert.That(elsewhere.Requests[0], Does.Not.Contain(TestClient.ApiKey).And.Not.Contain("Authorization"));
            Assert.That(api.Requests[0], Does.Contain($"Authorization: Bearer {TestClient.ApiKey}"));
        });
    }

    /// <summary>Gives its bytes, then waits for cancellation on every later read.</summary>
    private static ForwardOnlyStream StallingStream(byte[] prefix) => new(prefix) { StallAfter = prefix.Length };

    /// <summary>A transport that never answers until its token is cancelled (a hung connection).</summary>
    private sealed class NeverAnswers : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
