using System.Text.Json.Nodes;
using Sockt.Emulator.Http;
using Sockt.Emulator.Sandboxes;

namespace Sockt.Emulator.Endpoints;

/// <summary>Start, poll and cancel executions.</summary>
internal static class ExecutionEndpoints
{
    private const int DefaultTimeoutMs = 30_000;
    private const long MaxTimeoutMs = 24L * 60 * 60 * 1000;

    /// <summary>
    /// The longest command, in UTF-8 bytes: it becomes one argument of <c>bash -c</c>, and Linux refuses a single
    /// argument of 128 KiB or more (MAX_ARG_STRLEN, counting its NUL) with E2BIG.
    /// </summary>
    public const int MaxCommandBytes = (128 * 1024) - 1;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/sandboxes/{sandbox_id}/exec", StartAsync);
        app.MapGet("/v1/executions/{execution_id}", PollAsync);
        app.MapDelete("/v1/executions/{execution_id}", CancelAsync);
    }

    private static async Task StartAsync(HttpContext context)
    {
        var sandboxes = context.Sandboxes();
        var body = await JsonRequest.ReadAsync(context, required: true);
        var (caller, sandbox) = context.OwnedSandbox(body.GetString("sandbox_token"));

        var command = body.GetString("command", required: true)!;
        if (string.IsNullOrWhiteSpace(command))
        {
            throw ApiException.InvalidParams("'command' must not be empty");
        }

        if (command.Contains('\0', StringComparison.Ordinal))
        {
            throw ApiException.InvalidParams("'command' contains a NUL byte");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(command) > MaxCommandBytes)
        {
            throw ApiException.InvalidParams(
                $"'command' is longer than {MaxCommandBytes} bytes",
                "Write a long script to a file with POST /v1/sandboxes/{id}/files/write and run that file");
        }

        var timeout = body.GetInt64("timeout_ms") ?? DefaultTimeoutMs;
        if (timeout is < 1 or > MaxTimeoutMs)
        {
            throw ApiException.InvalidParams($"'timeout_ms' must be between 1 and {MaxTimeoutMs} (24 hours)", "Omit timeout_ms for the default of 30000 ms");
        }

        var workingDirectory = SandboxPath.Resolve(sandbox.HomeDirectory, body.GetString("working_dir") ?? ".");
        sandboxes.RequireDataPlane(sandbox);
        if (!Directory.Exists(workingDirectory.HostPath))
        {
            throw ApiException.InvalidParams($"working_dir '{workingDirectory.SandboxView}' is not an existing directory");
        }

        var execution = await context.Executions().StartAsync(caller, sandbox, command, workingDirectory.SandboxView, (int)timeout);
        await ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["execution_id"] = execution.Id,
            ["status"] = "running",
            ["sandbox_id"] = sandbox.Id,
            ["command"] = command,
            ["next_step"] = "Poll the execution result endpoint using the execution_id",
        });
    }

    private static Task PollAsync(HttpContext context)
    {
        var caller = CredentialResolver.Authenticate(context, context.Sandboxes());
        var execution = context.Executions().GetOwned(caller, context.Route("execution_id"));
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, execution.Poll(context.Options().ExecOutputMode));
    }

    private static Task CancelAsync(HttpContext context)
    {
        var caller = CredentialResolver.Authenticate(context, context.Sandboxes());
        var executions = context.Executions();
        var execution = executions.GetOwned(caller, context.Route("execution_id"));
        executions.Cancel(execution);
        return ApiResponses.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject
        {
            ["execution_id"] = execution.Id,
            ["status"] = execution.Status,
        });
    }
}
