using Microsoft.OpenApi.Models;
using Sockt.Emulator.Tests.Infrastructure;

namespace Sockt.Emulator.Tests;

/// <summary>
/// Every response of every test is validated against the spec by <see cref="EmulatorApi"/>. This class makes sure
/// that each operation's success response, and each error envelope, was among them.
/// </summary>
internal sealed class ContractTests : EmulatorTestBase
{
    [Test]
    public async Task Every_operation_answers_a_success_response_matching_its_schema()
    {
        var contract = OpenApiContract.Instance;
        await Api.GetAsync("/v1/sandboxes/tiers");
        var id = await NewSandboxAsync();
        var lightning = await Api.CreateLightningSandboxAsync();
        await Api.GetAsync($"/v1/sandboxes/{lightning.Id}", lightning.Token);
        await Api.GetAsync($"/v1/sandboxes/{id}", Key);
        await Api.PostAsync($"/v1/sandboxes/{id}/files/write", Key, new { path = "c.txt", content = "c", create_dirs = true });
        await Api.PostAsync($"/v1/sandboxes/{id}/files/read", Key, new { path = "c.txt" });
        await Api.GetAsync($"/v1/sandboxes/{id}/files?path=.", Key);
        await Api.RunAsync(id, Key, "echo contract");
        var running = await Api.StartExecAsync(id, Key, "sleep 30");
        await Api.DeleteAsync($"/v1/executions/{running}", Key);
        await Api.GetAsync($"/v1/sandboxes/{id}/shell-url", Key);
        await Api.PostAsync($"/v1/sandboxes/{id}/pause", Key);
        await Api.PostAsync($"/v1/sandboxes/{id}/resume", Key);
        await Api.DeleteAsync($"/v1/sandboxes/{id}", Key);

        var operations = contract.Document.Paths.Values.SelectMany(p => p.Operations.Values).Select(o => o.OperationId).ToList();
        var succeeded = contract.Seen.Keys.Where(k => k.Status is >= 200 and < 300).Select(k => k.OperationId).ToHashSet();
        Assert.That(operations, Has.Count.EqualTo(13));
        Assert.That(operations.Where(o => !succeeded.Contains(o)), Is.Empty, "operations never validated with a 2xx response");
    }

    [Test]
    public async Task The_browser_guards_answers_match_the_spec_as_emulator_extensions()
    {
        // RawHttp checks every answer to an operation against the spec; these statuses are documented as extensions.
        using var raw = new RawHttp(Emulator.BaseUrl);
        var id = await NewSandboxAsync();

        var notJson = await raw.SendAsync(HttpMethod.Post, $"/v1/sandboxes/{id}/files/write", Key, "{\"path\":\"a\",\"content\":\"a\"}"u8.ToArray(), "text/plain");
        var foreignHost = await raw.SendAsync(HttpMethod.Get, $"/v1/sandboxes/{id}", Key, host: "rebind.example");
        var foreignOrigin = await raw.SendAsync(HttpMethod.Get, $"/v1/sandboxes/{id}", Key, headers: new Dictionary<string, string> { ["Origin"] = "https://evil.example" });

        Assert.That(
            new[] { (notJson.Code, notJson.ErrorCode), (foreignHost.Code, foreignHost.ErrorCode), (foreignOrigin.Code, foreignOrigin.ErrorCode) },
            Is.EqualTo(new[] { (415, "unsupported_media_type"), (421, "invalid_host"), (403, "forbidden") }));
        Assert.That(OpenApiContract.Instance.Seen.Keys, Is.SupersetOf(new[] { ("writeFile", 415), ("getSandboxStatus", 421), ("getSandboxStatus", 403) }));
    }

    [Test]
    public void Every_error_envelope_status_of_the_spec_can_be_checked()
    {
        var envelope = OpenApiContract.Instance.Document.Components.Schemas["ErrorEnvelope"];
        var sample = System.Text.Json.Nodes.JsonNode.Parse("{\"code\":\"x\",\"error\":\"x\",\"message\":\"m\",\"hint\":null}");
        var extra = System.Text.Json.Nodes.JsonNode.Parse("{\"code\":\"x\",\"unexpected\":1}");

        Assert.That(envelope.AdditionalPropertiesAllowed, Is.False);
        Assert.That(OpenApiContract.Instance.CheckSchema("ErrorEnvelope", sample), Is.Empty);
        Assert.That(OpenApiContract.Instance.CheckSchema("ErrorEnvelope", extra), Is.Not.Empty, "the validator does catch unknown properties");
    }

    [Test]
    public void The_validator_rejects_wrong_types_and_shapes()
    {
        var contract = OpenApiContract.Instance;

        Assert.That(contract.CheckSchema("SandboxStatus", System.Text.Json.Nodes.JsonNode.Parse("{\"seconds_remaining\":\"many\"}")), Is.Not.Empty);
        Assert.That(contract.CheckSchema("FileList", System.Text.Json.Nodes.JsonNode.Parse("[]")), Is.Not.Empty);
        Assert.That(contract.CheckSchema("ExecutionResult", System.Text.Json.Nodes.JsonNode.Parse("{\"exit_code\":null,\"output\":[{\"stream\":\"stdout\",\"chunk\":\"x\"}]}")), Is.Empty);
        Assert.That(contract.Check(HttpMethod.Get, "/v1/sandboxes/tiers", 418, "application/json", "{}"), Is.Not.Empty, "undocumented statuses are caught");
    }
}
