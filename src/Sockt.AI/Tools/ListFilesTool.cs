using System.Globalization;
using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary><c>list_files</c>: lists a directory (optionally recursively), dotfiles included.</summary>
internal static class ListFilesTool
{
    public static ToolDefinition Create(ToolContext context)
    {
        var max = context.Options.MaxListEntries;
        var schema = context.NewSandboxSchema()
            .String("path", "Directory, relative to /home/sandbox or absolute under it (default \".\", the home directory).")
            .Boolean("recursive", "Also list the contents of subdirectories; default false.");
        var description =
            $"Lists a directory of the sandbox: each entry's name, type (file or dir) and size in bytes, at most {max} entries. "
            + ToolTexts.Sandbox + " " + ToolTexts.Errors;
        return new ToolDefinition(SocktToolNames.ListFiles, "List files", description, schema, new ToolHints(ReadOnly: true, Destructive: false, Idempotent: true), ListAsync, context.Logger);

        async Task<ToolResult> ListAsync(ToolArguments arguments, CancellationToken cancellationToken)
        {
            var sandboxId = context.ReadSandboxId(arguments);
            var path = arguments.String("path") ?? ".";
            var recursive = arguments.Boolean("recursive") ?? false;
            if (arguments.Refusal is { } invalid)
            {
                return invalid;
            }

            var lookup = await context.ResolveAsync(SocktToolNames.ListFiles, sandboxId!, cancellationToken).ConfigureAwait(false);
            if (lookup.Refusal is { } refused)
            {
                return refused;
            }

            var entries = await context.Gateway.ListAsync(lookup.Sandbox!.Sandbox, path, recursive, cancellationToken).ConfigureAwait(false);
            var shown = entries.Take(max).Select(e => (JsonNode?)new JsonObject
            {
                ["name"] = e.Name,
                ["type"] = e.IsDirectory ? "dir" : "file",
                ["size"] = e.Size,
            });
            var body = new JsonObject { ["path"] = path, ["entries"] = new JsonArray(shown.ToArray()), ["total_entries"] = entries.Count };
            if (entries.Count > max)
            {
                body["truncated"] = true;
                body["note"] = $"Only the first {max.ToString(CultureInfo.InvariantCulture)} of {entries.Count.ToString(CultureInfo.InvariantCulture)} entries are shown; list a subdirectory, or use find with filters.";
            }

            return ToolResult.Success(body);
        }
    }
}
