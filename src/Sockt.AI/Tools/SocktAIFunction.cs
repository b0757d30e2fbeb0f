using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Sockt.AI.Tools;

/// <summary>
/// A tool as a Microsoft.Extensions.AI function. Its result is the tool's JSON object (a <see cref="JsonElement"/>):
/// what the model reads next turn, failures included.
/// </summary>
internal sealed class SocktAIFunction : AIFunction
{
    private readonly ToolDefinition tool;

    public SocktAIFunction(ToolDefinition tool)
    {
        this.tool = tool;
    }

    public override string Name => tool.Name;

    public override string Description => tool.Description;

    public override JsonElement JsonSchema => tool.InputSchema;

    public override JsonSerializerOptions JsonSerializerOptions => ToolJson.Options;

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var result = await tool.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
        return result.ToJsonElement();
    }
}
