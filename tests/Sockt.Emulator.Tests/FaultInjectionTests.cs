using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

internal sealed class FaultInjectionTests : EmulatorTestBase
{
    [TearDown]
    public void ClearFaults() => Emulator.ClearFaults();

    [Test]
    public async Task Pod_starting_is_answered_the_given_number_of_times()
    {
        var id = await NewSandboxAsync();
        Emulator.InjectFault(new EmulatorFault { Route = "POST /v1/sandboxes/*/exec", Status = 503, Code = "pod_starting", Times = 2 });

        var first = await Api.PostAsync($"/v1/sandboxes/{id}/exec", Key, new { command = "true" });
        var second = await Api.PostAsync($"/v1/sandboxes/{id}/exec", Key, new { command = "true" });
        var third = await Api.PostAsync($"/v1/sandboxes/{id}/exec", Key, new { command = "true" });

        Assert.That((first.Code, first.ErrorCode), Is.EqualTo((503, "pod_starting")));
        Assert.That((second.Code, second.ErrorCode), Is.EqualTo((503, "pod_starting")));
        Assert.That(third.Code, Is.EqualTo(200));
    }

    [Test]
    public async Task No_capacity_and_plain_text_502_can_be_injected_over_http()
    {
        var added = await Api.PostAsync("/_emulator/faults", Admin, new { route = "POST /v1/sandboxes", status = 503, code = "no_capacity", times = 1 });
        await Api.PostAsync("/_emulator/faults", Admin, new { route = "GET /v1/sandboxes/{sandbox_id}/files", status = 502, plain_text = true, message = "bad gateway" });
        var listed = await Api.GetAsync("/_emulator/faults", Admin);
        var id = await Api.PostAsync("/v1/sandboxes", Key, new { tier = "gpu-small" });
        var created = await NewSandboxAsync();
        var gateway = await Api.GetAsync($"/v1/sandboxes/{created}/files?path=.", Key);
        var cleared = await Api.DeleteAsync("/_emulator/faults", Admin);
        var after = await Api.GetAsync($"/v1/sandboxes/{created}/files?path=.", Key);

        Assert.That(added.Code, Is.EqualTo(201));
        Assert.That(listed["faults"].AsArray(), Has.Count.EqualTo(2));
        Assert.That((id.Code, id.ErrorCode), Is.EqualTo((503, "no_capacity")));
        Assert.That((gateway.Code, gateway.MediaType, gateway.Text), Is.EqualTo((502, "text/plain", "bad gateway")));
        Assert.That(cleared.Code, Is.EqualTo(200));
        Assert.That(after.Code, Is.EqualTo(200));
    }

    [Test]
    public async Task A_delay_only_fault_lets_the_request_through()
    {
        Emulator.InjectFault(new EmulatorFault { Route = "GET /v1/sandboxes/tiers", Status = 0, DelayMs = 50, Times = 1 });

        var delayed = await Api.GetAsync("/v1/sandboxes/tiers");

        Assert.That(delayed.Code, Is.EqualTo(200));
        Assert.That((await Api.GetAsync("/_emulator/faults", Admin))["faults"].AsArray(), Is.Empty, "the fault was used up");
    }

    [Test]
    public async Task Faults_without_a_count_last_until_cleared()
    {
        var id = await NewSandboxAsync();
        Emulator.InjectFault(new EmulatorFault { Route = "* /v1/**", Status = 503, Code = "pod_starting", Times = null });

        var codes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            codes.Add((await Api.GetAsync($"/v1/sandboxes/{id}", Key)).Code);
        }

        Emulator.ClearFaults();
        Assert.That(codes, Is.All.EqualTo(503));
        Assert.That((await Api.GetAsync($"/v1/sandboxes/{id}", Key)).Code, Is.EqualTo(200));
    }

    [TestCase("{\"route\":\"nonsense\"}")]
    [TestCase("{\"route\":\"GET /v1/x\",\"status\":200}")]
    [TestCase("{\"route\":\"GET /v1/x\",\"times\":0}")]
    [TestCase("{\"status\":503}")]
    public async Task Bad_faults_are_refused(string body)
    {
        var response = await Api.SendAsync(HttpMethod.Post, "/_emulator/faults", Admin, rawBody: body);

        Assert.That((response.Code, response.ErrorCode), Is.EqualTo((400, "invalid_params")));
    }

    [Test]
    public void Bad_faults_throw_argument_exceptions_when_embedded()
    {
        Assert.Throws<ArgumentException>(() => Emulator.InjectFault(new EmulatorFault { Route = "/v1/no-method" }));
        Assert.Throws<ArgumentException>(() => Emulator.InjectFault(new EmulatorFault { Route = "GET /v1/x", Status = 302 }));
    }

    [Test]
    public async Task Faults_from_the_options_are_active_from_the_start()
    {
        var options = new SocktEmulatorOptions { BootDelay = TimeSpan.Zero, RateLimitPerMinute = 0 };
        options.Faults.Add(new EmulatorFault { Route = "POST /v1/sandboxes", Status = 503, Code = "no_capacity", Times = 1 });
        await using var emulator = await SocktEmulator.StartAsync(options);
        using var api = new EmulatorApi(emulator.BaseUrl);

        var first = await api.PostAsync("/v1/sandboxes", emulator.ApiKey, new { tier = "nano" });
        var second = await api.PostAsync("/v1/sandboxes", emulator.ApiKey, new { tier = "nano" });

        Assert.That((first.Code, first.ErrorCode), Is.EqualTo((503, "no_capacity")));
        Assert.That(second.Code, Is.EqualTo(201));
    }
}
