using System.Text;
using System.Text.Json.Nodes;

namespace Sockt.Emulator.Tests.Infrastructure;

/// <summary>
/// Polls executions over raw HTTP: results may carry the emulator's <c>output_truncated</c> extension, which
/// spec/sockt.openapi.yaml does not list yet, so <see cref="EmulatorApi"/>'s contract check would refuse them.
/// </summary>
internal static class RawExecutions
{
    /// <summary>Polls until the execution ends; returns the last result and the output of every poll joined.</summary>
    public static async Task<(JsonObject Result, string Output)> CollectAsync(RawHttp raw, string executionId, string token)
    {
        var output = new StringBuilder();
        var result = await Poll.UntilAsync(
            async () =>
            {
                var response = await raw.SendAsync(HttpMethod.Get, $"/v1/executions/{executionId}", token);
                Assert.That(response.Code, Is.EqualTo(200), response.ToString());
                return (JsonObject)response.Json!;
            },
            r =>
            {
                foreach (var chunk in r["output"]!.AsArray())
                {
                    output.Append(chunk!["chunk"]!.GetValue<string>());
                }

                return r["status"]!.GetValue<string>() != "running";
            },
            $"execution {executionId} to end");
        return (result, output.ToString());
    }

    /// <summary>One poll's result.</summary>
    public static async Task<JsonObject> PollAsync(RawHttp raw, string executionId, string token)
    {
        var response = await raw.SendAsync(HttpMethod.Get, $"/v1/executions/{executionId}", token);
        Assert.That(response.Code, Is.EqualTo(200), response.ToString());
        return (JsonObject)response.Json!;
    }

    /// <summary>The output of a cumulative poll (everything kept so far).</summary>
    public static string Output(JsonObject result) =>
        string.Concat(result["output"]!.AsArray().Select(c => c!["chunk"]!.GetValue<string>()));
}
