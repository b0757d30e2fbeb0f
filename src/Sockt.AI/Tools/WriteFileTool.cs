using System.Text.Json.Nodes;

namespace Sockt.AI.Tools;

/// <summary><c>write_file</c>: writes a text file, creating its directories.</summary>
internal static class WriteFileTool
{
    public static ToolDefinition Create(ToolContext context)
    {
        var schema = context.NewSandboxSchema()
            .String("path", "File path, relative to /home/sandbox or absolute under it, for example \"src/main.py\". Missing directories are created.", isRequired: true)
            .String("content", "The complete text to write (UTF-8). An existing file is replaced.", isRequired: true);
        var description =
            "Writes a text file in the sandbox (replacing it if it exists) and returns the number of bytes written. Use it to create programs, "
            + "data and configuration that later commands use. " + ToolTexts.Sandbox + " " + ToolTexts.Errors;
        return new ToolDefinition(SocktToolNames.WriteFile, "Write a file", description, schema, new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true), WriteAsync, context.Logger);

        async Task<ToolResult> WriteAsync(ToolArguments arguments, CancellationToken cancellationToken)
        {
            var sandboxId = context.ReadSandboxId(arguments);
            var path = arguments.String("path", required: true);
            var content = arguments.String("content", required: true, allowEmpty: true);
            if (arguments.Refusal is { } invalid)
            {
                return invalid;
            }

            var lookup = await context.ResolveAsync(SocktToolNames.WriteFile, sandboxId!, cancellationToken).ConfigureAwait(false);
            if (lookup.Refusal is { } refused)
            {
                return refused;
            }

            var written = await context.Gateway.WriteAsync(lookup.Sandbox!.Sandbox, path!, content!, cancellationToken).ConfigureAwait(false);
            return ToolResult.Success(new JsonObject { ["path"] = path, ["bytes_written"] = written });
        }
    }
}
