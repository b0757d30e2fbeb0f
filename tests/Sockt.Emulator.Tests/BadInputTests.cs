using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class BadInputTests : EmulatorTestBase
{
    protected override void Configure(SocktEmulatorOptions options) => options.MaxRequestBodyBytes = 4096;

    [TestCase("{\"tier\":\"enormous\"}", "unknown tier")]
    [TestCase("{\"tier\":5}", "'tier' must be a string")]
    [TestCase("{}", "'tier' is required")]
    [TestCase("{\"tier\":\"nano\",\"billing_method\":\"paypal\"}", "billing_method")]
    [TestCase("{\"tier\":\"nano\",\"billing_method\":\"lightning\",\"prepaid_sats\":0}", "prepaid_sats")]
    [TestCase("{\"tier\":\"nano\",\"billing_method\":\"lightning\",\"prepaid_sats\":-10}", "prepaid_sats")]
    [TestCase("{\"tier\":\"nano\",\"billing_method\":\"lightning\",\"prepaid_sats\":100000000000}", "prepaid_sats")]
    [TestCase("{\"tier\":\"nano\",\"billing_method\":\"lightning\",\"prepaid_sats\":\"lots\"}", "prepaid_sats")]
    [TestCase("{\"tier\":\"nano\",\"billing_method\":\"lightning\",\"initial_credits_cents\":5}", "initial_credits_cents")]
    [TestCase("{\"tier\":\"nano\",\"billing_method\":\"credits\",\"prepaid_sats\":5}", "prepaid_sats")]
    [TestCase("{\"tier\":\"nano\",\"initial_credits_cents\":0}", "initial_credits_cents")]
    [TestCase("{\"tier\":\"nano\",\"label\":[1]}", "'label' must be a string")]
    [TestCase("{\"tier\":\"nano\"", "malformed JSON")]
    [TestCase("\"nano\"", "JSON object")]
    [TestCase("", "required")]
    public async Task Bad_create_requests_get_400_with_a_clear_message(string body, string messagePart)
    {
        var response = await Api.SendAsync(HttpMethod.Post, "/v1/sandboxes", Key, rawBody: body);

        Assert.That((response.Code, response.ErrorCode), Is.EqualTo((400, "invalid_params")));
        Assert.That(response.Str("message"), Does.Contain(messagePart));
        Assert.That(response.Str("hint"), Is.Not.Empty);
        Assert.That((await Api.GetAsync("/v1/sandboxes/tiers")).Code, Is.EqualTo(200), "the server keeps serving");
    }

    [Test]
    public async Task The_unknown_tier_message_lists_the_valid_tiers()
    {
        var response = await Api.PostAsync("/v1/sandboxes", Key, new { tier = "standard" });

        Assert.That(response.Str("hint"), Does.Contain("nano").And.Contain("gpu-small"));
    }

    [Test]
    public async Task An_oversize_body_gets_413_with_the_envelope()
    {
        var id = await NewSandboxAsync();

        var response = await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path = "big.txt", content = new string('x', 10_000), create_dirs = true });
        var after = await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path = "small.txt", content = "ok", create_dirs = true });

        Assert.That((response.Code, response.ErrorCode), Is.EqualTo((413, "payload_too_large")));
        Assert.That(after.Code, Is.EqualTo(200));
        Assert.That(File.Exists(Path.Combine(Emulator.DataDirectory, "sandboxes", id, "home", "big.txt")), Is.False);
    }
}
