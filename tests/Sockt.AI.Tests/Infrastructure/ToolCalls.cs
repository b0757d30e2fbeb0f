using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Sockt.AI.Tests.Infrastructure;

/// <summary>Calls one Sockt tool directly, as FunctionInvokingChatClient would, and reads its JSON result.</summary>
public static class ToolCalls
{
    public static async Task<JsonElement> CallAsync(SocktTools tools, string name, Dictionary<string, object?>? arguments = null)
    {
        var function = tools.Functions.Single(f => f.Name == name);
        var result = await function.InvokeAsync(new AIFunctionArguments(arguments ?? []));
        Assert.That(result, Is.InstanceOf<JsonElement>(), $"{name} returns a JSON object");
        return (JsonElement)result!;
    }

    public static string? Text(this JsonElement result, string property) =>
        result.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string? Error(this JsonElement result) => result.Text("error");

    public static string SandboxId(this JsonElement created) =>
        created.Text("sandbox_id") ?? throw new AssertionException("create_sandbox returned no sandbox_id: " + created);
}
