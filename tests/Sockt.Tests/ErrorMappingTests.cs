using Sockt.Tests.Infrastructure;

namespace Sockt.Tests;

/// <summary>Every HTTP status the service documents maps to the reference SDK's exception type, with slug, hint and body.</summary>
public class ErrorMappingTests
{
    private static async Task<SocktException> StatusFailsWith(int status, string body, string contentType = "application/json", Action<HttpResponseMessage>? decorate = null)
    {
        using var test = new TestClient(o => o.PodStartingRetry.MaxRetries = 0);
        test.Stub.On("GET", "/v1/sandboxes/sb_1", _ =>
        {
            var response = StubHttpHandler.Response(status, body, contentType);
            decorate?.Invoke(response);
            return response;
        });
        var exception = await Assert.ThrowsAsync(Is.InstanceOf<SocktException>(), () => test.Client.GetSandboxAsync("sb_1"));
        return (SocktException)exception!;
    }

    [TestCase(401, "unauthorized", typeof(AuthenticationException))]
    [TestCase(403, "forbidden", typeof(AuthenticationException))]
    [TestCase(402, "insufficient_credits", typeof(TopUpFailedException))]
    [TestCase(404, "not_found", typeof(NotFoundException))]
    [TestCase(400, "invalid_params", typeof(ApiException))]
    [TestCase(409, "sandbox_not_running", typeof(ApiException))]
    [TestCase(500, "internal", typeof(ApiException))]
    [TestCase(502, "host_error", typeof(HostUnreachableException))]
    [TestCase(503, "no_capacity", typeof(NoCapacityException))]
    [TestCase(503, "maintenance", typeof(HostUnreachableException))]
    [TestCase(429, "too_many_executions", typeof(RateLimitedException))]
    // The emulator's extensions (documented in the spec as such): the envelope's slug says which.
    [TestCase(400, "bad_request", typeof(ApiException))]
    [TestCase(403, "forbidden", typeof(AuthenticationException))]
    [TestCase(413, "disk_full", typeof(ApiException))]
    [TestCase(413, "payload_too_large", typeof(ApiException))]
    [TestCase(414, "uri_too_long", typeof(ApiException))]
    [TestCase(415, "unsupported_media_type", typeof(ApiException))]
    [TestCase(421, "invalid_host", typeof(ApiException))]
    [TestCase(429, "too_many_transfers", typeof(RateLimitedException))]
    [TestCase(429, "too_many_shells", typeof(RateLimitedException))]
    [TestCase(431, "headers_too_large", typeof(ApiException))]
    public async Task Json_envelope_maps_to_the_reference_exception_type(int status, string slug, Type expected)
    {
        var exception = await StatusFailsWith(status, Json.Envelope(slug, "something went wrong", "do this"));

        Assert.Multiple(() =>
        {
            Assert.That(exception, Is.TypeOf(expected));
            Assert.That(exception.StatusCode, Is.EqualTo(status));
            Assert.That(exception.Slug, Is.EqualTo(slug));
            Assert.That(exception.Hint, Is.EqualTo("do this"));
            Assert.That(exception.Message, Does.Contain("something went wrong").And.Contain(status.ToString()).And.Contain("GET /v1/sandboxes/sb_1"));
            Assert.That(exception.RawBody, Does.Contain(slug));
        });
    }

    [Test]
    public async Task Plain_text_429_is_rate_limited_with_retry_after()
    {
        var exception = await StatusFailsWith(429, "rate limited", "text/plain", r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7)));

        var rateLimited = (RateLimitedException)exception;
        Assert.Multiple(() =>
        {
            Assert.That(rateLimited.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(rateLimited.IsTooManyExecutions, Is.False);
            Assert.That(rateLimited.Slug, Is.Null);
            Assert.That(rateLimited.Message, Does.Contain("rate limited"));
        });
    }

    [Test]
    public async Task Too_many_executions_is_distinguishable()
    {
        var exception = (RateLimitedException)await StatusFailsWith(429, Json.Envelope("too_many_executions", "more than 10 concurrent executions"));

        Assert.Multiple(() =>
        {
            Assert.That(exception.IsTooManyExecutions, Is.True);
            Assert.That(exception.RetryAfter, Is.Null);
        });
    }

    [Test]
    public async Task Plain_text_no_capacity_503_is_no_capacity()
    {
        var exception = await StatusFailsWith(503, "no capacity", "text/plain");

        Assert.That(exception, Is.TypeOf<NoCapacityException>());
    }

    [Test]
    public async Task Non_json_error_body_becomes_the_message()
    {
        var exception = await StatusFailsWith(500, "<html><body>Bad things</body></html>", "text/html");

        Assert.Multiple(() =>
        {
            Assert.That(exception, Is.TypeOf<ApiException>());
            Assert.That(exception.Message, Does.Contain("Bad things"));
            Assert.That(exception.Slug, Is.Null);
        });
    }

    [Test]
    public async Task Empty_error_body_still_gives_a_useful_message()
    {
        var exception = await StatusFailsWith(404, string.Empty, "text/plain");

        Assert.Multiple(() =>
        {
            Assert.That(exception, Is.TypeOf<NotFoundException>().And.InstanceOf<ApiException>());
            Assert.That(exception.Message, Does.Contain("404").And.Contain("NotFound"));
            Assert.That(exception.RawBody, Is.Null);
        });
    }

    [Test]
    public async Task Older_envelope_with_a_sentence_in_error_keeps_code_as_slug()
    {
        var exception = await StatusFailsWith(404, """{"code":"not_found","error":"sandbox not found"}""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.Slug, Is.EqualTo("not_found"));
            Assert.That(exception.Message, Does.Contain("sandbox not found"));
        });
    }

    [Test]
    public async Task Pascal_case_envelope_keys_are_read()
    {
        var exception = await StatusFailsWith(403, """{"Code":"forbidden","Message":"execution belongs to another caller","Hint":"use the same key"}""");

        Assert.Multiple(() =>
        {
            Assert.That(exception.Slug, Is.EqualTo("forbidden"));
            Assert.That(exception.Hint, Is.EqualTo("use the same key"));
        });
    }

    [Test]
    public async Task Long_bodies_are_truncated()
    {
        var exception = await StatusFailsWith(500, new string('x', 20_000), "text/plain");

        Assert.That(exception.RawBody!.Length, Is.LessThan(2100));
    }

    [Test]
    public async Task Unreadable_success_body_is_an_api_exception_without_refit_types()
    {
        using var test = new TestClient();
        test.Stub.On("GET", "/v1/sandboxes/sb_1", 200, """{"sandbox_id":"sb_1","seconds_remaining":"not a number"}""");

        var exception = await Assert.ThrowsAsync<ApiException>(() => test.Client.GetSandboxAsync("sb_1"));

        Assert.Multiple(() =>
        {
            Assert.That(exception!.StatusCode, Is.EqualTo(200));
            Assert.That(exception.Message, Does.Contain("could not read"));
            Assert.That(exception.InnerException, Is.Null.Or.Not.InstanceOf<Refit.ApiException>());
        });
    }

    [Test]
    public async Task Connection_failure_is_a_sockt_exception()
    {
        using var test = new TestClient();
        test.Stub.On("GET", "/v1/sandboxes/tiers", _ => throw new HttpRequestException("Connection refused (127.0.0.1:7450)"));

        var exception = await Assert.ThrowsAsync<SocktException>(() => test.Client.ListTiersAsync());

        Assert.Multiple(() =>
        {
            Assert.That(exception!.StatusCode, Is.Null);
            Assert.That(exception.Message, Does.Contain("Could not reach").And.Contain("Connection refused"));
            Assert.That(exception.InnerException, Is.InstanceOf<HttpRequestException>());
        });
    }
}
