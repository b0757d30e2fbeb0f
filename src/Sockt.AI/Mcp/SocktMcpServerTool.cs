using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Sockt.AI.Tools;

namespace Sockt.AI.Mcp;

/// <summary>
/// A tool as an MCP server tool: the result carries the tool's JSON object as structured content and as text (for
/// clients that read only text), with <c>isError</c> set on failures so the model sees them as such.
/// </summary>
internal sealed class SocktMcpServerTool : McpServerTool
{
    private readonly ToolDefinition tool;

    public SocktMcpServerTool(ToolDefinition tool)
    {
        this.tool = tool;
        ProtocolTool = new Tool
        {
            Name = tool.Name,
            Title = tool.Title,
            Description = tool.Description,
            InputSchema = tool.InputSchema,
            Annotations = new ToolAnnotations
            {
                Title = tool.Title,
                ReadOnlyHint = tool.Hints.ReadOnly,
                DestructiveHint = tool.Hints.Destructive,
                IdempotentHint = tool.Hints.Idempotent,
                // A sandbox is its own closed world: the tools reach only the Sockt service.
                OpenWorldHint = false,
            },
        };
    }

    public override Tool ProtocolTool { get; }

    public override IReadOnlyList<object> Metadata { get; } = [];

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arguments = request.Params?.Arguments?.Select(a => new KeyValuePair<string, object?>(a.Key, a.Value)) ?? [];
        var result = await tool.InvokeAsync(arguments, cancellationToken).ConfigureAwait(false);
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = result.ToText() }],
            StructuredContent = result.ToJsonElement(),
            IsError = result.IsError,
        };
    }
}
