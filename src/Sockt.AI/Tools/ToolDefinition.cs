using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sockt.AI.Tools;

/// <summary>
/// One tool, independent of who calls it: its name, description, input schema, hints, and the handler. The
/// Microsoft.Extensions.AI function and the MCP tool are thin adapters over it, so both behave alike.
/// </summary>
internal sealed class ToolDefinition
{
    private readonly ToolSchema schema;
    private readonly Func<ToolArguments, CancellationToken, Task<ToolResult>> handler;
    private readonly ILogger logger;

    public ToolDefinition(string name, string title, string description, ToolSchema schema, ToolHints hints, Func<ToolArguments, CancellationToken, Task<ToolResult>> handler, ILogger logger)
    {
        Name = name;
        Title = title;
        Description = description;
        this.schema = schema;
        Hints = hints;
        this.handler = handler;
        this.logger = logger;
        InputSchema = schema.Build();
    }

    public string Name { get; }

    public string Title { get; }

    public string Description { get; }

    public JsonElement InputSchema { get; }

    public ToolHints Hints { get; }

    /// <summary>
    /// Runs the tool. Every failure becomes a result the model can act on; only the caller's own cancellation throws.
    /// </summary>
    public async Task<ToolResult> InvokeAsync(IEnumerable<KeyValuePair<string, object?>> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var parsed = new ToolArguments(arguments, schema.Names);
            return await handler(parsed, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var result = ToolFailures.FromException(e);
            ToolLog.Failed(logger, Name, e.GetType().Name, (string?)result.Body["error"] ?? "error");
            return result;
        }
    }
}
